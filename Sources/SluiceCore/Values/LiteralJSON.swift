import SluiceWire

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
/// struct an object, blob an object {"uri", "content_hash", "size", "format"} (and
/// "dimensionality" when set), error an object {"error": message, "kind", "code", "node_id"}
/// (each of the last three only when set).
///
/// A float is always written so that it reads back as a float ("1.0"); NaN and the infinities,
/// which JSON has no numbers for, are the strings "NaN", "Infinity" and "-Infinity".
public enum LiteralJSON {
    /// JSON text for a value, keys sorted.
    public static func encode(_ literal: Literal, pretty: Bool = false) -> String {
        JSONWriter.write(JSONValue(literal), pretty: pretty)
    }

    /// A JSON object of named values (a task's inputs or outputs), keys sorted.
    public static func encodeObject(_ values: [String: Literal], pretty: Bool = false) -> String {
        JSONWriter.write(.object(values.mapValues(JSONValue.init)), pretty: pretty)
    }

    /// A value of the declared type from JSON text.
    ///
    /// An int is read from a whole number, exactly ("1.0" is accepted, "1.5" and numbers beyond
    /// Int64 are not); a float from any number; a duration from a string such as "1.5s" or a
    /// number of seconds; a union as its first variant that reads the value as written (so a
    /// whole number is an int and "1.0" a float in a union of both), else its first variant
    /// that reads it at all; a generic struct from any object, each value as what
    /// it naturally is (whole numbers ints, other numbers floats, objects maps).
    public static func decode(_ json: String, as type: LiteralType) throws(LiteralParseError) -> Literal {
        try LiteralJSONDecoding.decode(try JSONReader.read(json), as: type, at: "")
    }

    /// Named values from a JSON object, each read as the type declared for it. Names not declared
    /// are an error; missing names are left out (the caller decides whether that is allowed).
    public static func decodeObject(_ json: String, types: [String: LiteralType]) throws(LiteralParseError) -> [String: Literal] {
        guard case .object(let members) = try JSONReader.read(json) else {
            throw LiteralParseError(message: "expected a JSON object of named values")
        }
        var values: [String: Literal] = [:]
        for name in members.keys.sorted() {
            guard let type = types[name] else {
                let known = types.keys.sorted().joined(separator: ", ")
                throw LiteralParseError(path: name, message: "no such name (expected \(known.isEmpty ? "none" : known))")
            }
            values[name] = try LiteralJSONDecoding.decode(members[name] ?? .null, as: type, at: name)
        }
        return values
    }
}

extension Literal {
    /// A value typed on a command line (`-i n=3`): plain text for scalars ("3", "hello", "true",
    /// "2026-01-01T00:00:00Z", "90s"), JSON for collections, maps and structs.
    ///
    /// bool also takes yes/no (any case), none takes "", "null" or "none", bytes are base64, a
    /// duration may be a bare number of seconds, and a union is its first variant that parses.
    public static func parse(_ text: String, as type: LiteralType) throws(LiteralParseError) -> Literal {
        try PlainTextLiteral.parse(text, as: type)
    }
}
