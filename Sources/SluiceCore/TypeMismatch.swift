/// One place where a value does not have the type declared for it.
public struct TypeMismatch: Hashable, Sendable, CustomStringConvertible {
    /// Where in the value: "" for the value itself, else a path such as "rows[2].name".
    public var path: String
    /// The type declared there, as ``LiteralType/typeDescription`` writes it.
    public var expected: String
    /// What is there instead, or why it does not fit.
    public var found: String

    public init(path: String, expected: String, found: String) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    public var description: String {
        path.isEmpty ? "expected \(expected), found \(found)" : "\(path): expected \(expected), found \(found)"
    }
}
