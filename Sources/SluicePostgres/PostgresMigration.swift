/// One step of a schema, applied once per database in the order given and recorded by name.
/// Like SQLite's migrations, a migration that has shipped is never edited: a change is a new one.
public struct PostgresMigration: Sendable {
    public var name: String
    /// Statements run in order, in the migration's transaction.
    public var statements: [String]

    public init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }
}
