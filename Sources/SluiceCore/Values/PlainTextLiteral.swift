#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SluiceWire

/// Values typed by people on a command line: scalars as plain text, everything else as JSON.
enum PlainTextLiteral {
    /// `strictNumbers` refuses a whole number as a float, so that a union of int and float, in
    /// either order, reads "3" as an int and "3.0" as a float.
    static func parse(_ text: String, as type: LiteralType, strictNumbers: Bool = false) throws(LiteralParseError) -> Literal {
        switch type {
        case .simple(let simple):
            return try parseSimple(text, as: simple, strictNumbers: strictNumbers)
        case .union(let variants):
            for strict in [true, false] {
                for variant in variants {
                    if let value = try? parse(text, as: variant, strictNumbers: strict) { return value }
                }
            }
            throw LiteralParseError(message: "expected \(type.typeDescription), found \(quoted(text))")
        case .collection, .map, .struct, .blob:
            return try LiteralJSONDecoding.decode(try JSONReader.read(text), as: type, at: "")
        }
    }

    private static func parseSimple(_ text: String, as simple: SimpleType, strictNumbers: Bool) throws(LiteralParseError) -> Literal {
        let trimmed = text.trimmingWhitespace()
        func mismatch(_ expected: String) -> LiteralParseError {
            LiteralParseError(message: "expected \(expected), found \(quoted(text))")
        }
        switch simple {
        case .string:
            // No string on Sluice's wire can hold one (protobuf-c's strings end at NUL); a
            // shell task's stdout can.
            guard !text.utf8.contains(0) else {
                throw LiteralParseError(message: "the text holds a NUL character, which no Sluice value can hold")
            }
            return .string(text)
        case .bool:
            switch trimmed.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: throw mismatch("a bool (true, false, yes or no)")
            }
        case .int:
            guard let value = Int64(trimmed) else {
                let isWholeNumber = !trimmed.isEmpty && trimmed.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy { $0.isASCII && $0.isNumber }
                throw isWholeNumber
                    ? LiteralParseError(message: "\(trimmed) is out of range for an int")
                    : mismatch("an int")
            }
            return .int(value)
        case .float:
            guard let value = Double(trimmed), !(strictNumbers && Int64(trimmed) != nil) else { throw mismatch("a float") }
            return .float(value)
        case .datetime:
            guard let timestamp = RFC3339.parse(trimmed) else { throw mismatch("an RFC 3339 datetime such as 2026-01-01T00:00:00Z") }
            return .datetime(timestamp)
        case .duration:
            guard let duration = DurationText.parse(trimmed) else { throw mismatch("a duration such as 90s, 1.5s, 2m, 1h30m or 250ms") }
            return .duration(duration)
        case .bytes:
            guard let data = Data(base64Encoded: trimmed) else { throw mismatch("base64 bytes") }
            return .bytes(Array(data))
        case .none:
            guard ["", "null", "none"].contains(trimmed.lowercased()) else { throw mismatch("none (empty, null or none)") }
            return .none
        case .struct, .error:
            return try LiteralJSONDecoding.decode(try JSONReader.read(text), as: .simple(simple), at: "")
        case .unspecified:
            throw LiteralParseError(message: "the declared type is unspecified")
        }
    }

    private static func quoted(_ text: String) -> String {
        (text.count > 40 ? String(text.prefix(40)) + "…" : text).debugDescription
    }
}
