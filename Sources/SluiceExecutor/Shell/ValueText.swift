import Foundation
import SluiceCore
import SluiceWire

/// The text a value becomes inside a shell task's command or script.
enum ValueText {
    /// A string as it is; ints, floats and bools as their text; datetimes, durations and bytes
    /// as the text of their JSON string (RFC 3339, "1.5s", base64); none as nothing;
    /// collections, maps, blobs and errors as JSON.
    static func plain(_ value: Literal) -> String {
        switch value {
        case .string(let text):
            return text
        case .none:
            return ""
        case .int, .float, .bool:
            return LiteralJSON.encode(value)
        case .datetime, .duration, .bytes:
            // Their JSON form is a string: the text inside the quotes is the plain form.
            let json = LiteralJSON.encode(value)
            if case .string(let text)? = try? LiteralJSON.decode(json, as: .simple(.string)) { return text }
            return json
        case .collection, .map, .blob, .error:
            return LiteralJSON.encode(value)
        }
    }

    /// One single-quoted shell word holding exactly `text`: the shell expands nothing in it.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
