import SluiceWire

// CONTRACT STUB: the signatures are fixed; the bodies are filled in by the values work.

/// A value that does not parse as its declared type, naming where and why.
public struct LiteralParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "" for the value itself, else a path such as "rows[2].name".
    public var path: String
    public var message: String
    public init(path: String = "", message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The JSON form of values: what shell tasks read and write, what `--output json` prints.
/// int and float are numbers, string a string, bool true/false, bytes base64, datetime an
/// RFC 3339 string, duration a string such as "1.5s", none null, collection an array, map and
/// struct an object, blob an object {"uri", "content_hash", "size", "format"}, error an object
/// {"error": message, "kind", "code", "node_id"}.
public enum LiteralJSON {
    /// JSON text for a value, keys sorted.
    public static func encode(_ literal: Literal, pretty: Bool = false) -> String {
        fatalError("LiteralJSON.encode: not yet implemented")
    }

    /// A JSON object of named values (a task's inputs or outputs), keys sorted.
    public static func encodeObject(_ values: [String: Literal], pretty: Bool = false) -> String {
        fatalError("LiteralJSON.encodeObject: not yet implemented")
    }

    /// A value of the declared type from JSON text.
    public static func decode(_ json: String, as type: LiteralType) throws(LiteralParseError) -> Literal {
        fatalError("LiteralJSON.decode: not yet implemented")
    }

    /// Named values from a JSON object, each read as the type declared for it. Names not declared
    /// are an error; missing names are left out (the caller decides whether that is allowed).
    public static func decodeObject(_ json: String, types: [String: LiteralType]) throws(LiteralParseError) -> [String: Literal] {
        fatalError("LiteralJSON.decodeObject: not yet implemented")
    }
}

extension Literal {
    /// A value typed on a command line (`-i n=3`): plain text for scalars ("3", "hello", "true",
    /// "2026-01-01T00:00:00Z", "90s"), JSON for collections, maps and structs.
    public static func parse(_ text: String, as type: LiteralType) throws(LiteralParseError) -> Literal {
        fatalError("Literal.parse: not yet implemented")
    }
}
