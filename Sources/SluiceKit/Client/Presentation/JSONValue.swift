import Foundation

/// JSON for `--output json`, written by hand so that values can be embedded exactly as
/// `LiteralJSON` writes them (a float stays a float, keys stay sorted).
package indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Keys in the order given.
    case object([(String, JSONValue)])
    /// JSON text inserted as it is.
    case raw(String)

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
    package func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// Named values, as LiteralJSON writes them.
    package static func literals(_ values: [String: Literal]) -> JSONValue {
        .raw(LiteralJSON.encodeObject(values))
    }

    package static func timestamp(_ timestamp: Timestamp?) -> JSONValue {
        guard let timestamp else { return .null }
        return .string(TimeText.iso8601(timestamp))
    }

    package static func optional(_ text: String) -> JSONValue {
        text.isEmpty ? .null : .string(text)
    }

    /// Indented two spaces when `pretty`, else on one line.
    package func rendered(pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: pretty ? "" : nil)
        return output
    }

    private func write(into output: inout String, indent: String?) {
        switch self {
        case .string(let text): output += Self.quoted(text)
        case .integer(let value): output += "\(value)"
        case .number(let value): output += value.isFinite ? "\(value)" : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .raw(let text): output += text
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            let inner = indent.map { $0 + "  " }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                if let inner { output += "\n" + inner }
                item.write(into: &output, indent: inner)
            }
            if let indent { output += "\n" + indent }
            output += "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            let inner = indent.map { $0 + "  " }
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                if let inner { output += "\n" + inner }
                output += Self.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(into: &output, indent: inner)
            }
            if let indent { output += "\n" + indent }
            output += "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
