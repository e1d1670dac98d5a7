/// Writes a ``JSONValue`` as text with object keys sorted, so equal values give equal text.
/// Not JSONSerialization: it writes the float 1.0 as "1", which reads back as an int in a union of
/// int and float or a generic struct.
enum JSONWriter {
    static func write(_ value: JSONValue, pretty: Bool) -> String {
        var out = ""
        write(value, pretty: pretty, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                newline(pretty, indent + 1, into: &out)
                write(element, pretty: pretty, indent: indent + 1, into: &out)
            }
            newline(pretty, indent, into: &out)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                newline(pretty, indent + 1, into: &out)
                writeString(key, into: &out)
                out += pretty ? ": " : ":"
                write(members[key] ?? .null, pretty: pretty, indent: indent + 1, into: &out)
            }
            newline(pretty, indent, into: &out)
            out += "}"
        }
    }

    private static func newline(_ pretty: Bool, _ indent: Int, into out: inout String) {
        guard pretty else { return }
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
