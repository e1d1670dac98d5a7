import GRDB

/// Inserts many rows with multi-row INSERT statements: one statement per chunk of rows costs
/// far less than one per row. Statements are cached by chunk size, so a steady stream of
/// batches prepares each shape once.
struct BatchInsert {
    /// "INSERT INTO node_executions (execution_id, node_id, started_at, node)"
    let head: String
    let columns: Int
    /// Anything after the VALUES list, such as an ON CONFLICT clause.
    var tail = ""

    /// SQLite allows 32,766 parameters per statement; chunks stay well below that.
    private static let rowsPerStatement = 100

    /// Rows of concrete `DatabaseValue`s: building GRDB's arguments from them costs a fraction
    /// of building them from values of `any DatabaseValueConvertible` (a batch touching a
    /// thousand nodes spent milliseconds on that alone).
    func insert(_ rows: [[DatabaseValue]], _ db: Database) throws {
        var start = rows.startIndex
        var values: [DatabaseValue] = []
        while start < rows.endIndex {
            let end = min(start + Self.rowsPerStatement, rows.endIndex)
            values.removeAll(keepingCapacity: true)
            for row in rows[start..<end] { values.append(contentsOf: row) }
            let statement = try db.cachedStatement(sql: sql(rows: end - start))
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
            start = end
        }
    }

    private func sql(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return "\(head) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ") + " " + tail
    }
}
