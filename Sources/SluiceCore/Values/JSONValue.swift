/// A parsed JSON document. Numbers keep their text, so that an int is exact at any size and "1.0"
/// stays a float where both kinds are allowed (a union of int and float, a generic struct).
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written, already checked against JSON's number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What kind of JSON this is, for messages: "a string", "an object".
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let text): "the number \(text)"
        case .string(let text): "a string \((text.count > 40 ? String(text.prefix(40)) + "…" : text).debugDescription)"
        case .array(let elements): "an array of \(elements.count)"
        case .object: "an object"
        }
    }

    /// Whether the number is written as an integer (no fraction, no exponent).
    static func isIntegerText(_ text: String) -> Bool {
        !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }
}
