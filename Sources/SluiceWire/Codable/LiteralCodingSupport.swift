#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The coding key the bridge itself adds to coding paths: positions in collections and the
/// `super` key. Other keys in a path come from the types being coded.
struct LiteralCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        // Same spelling as Foundation's coders, so paths read alike whichever coder produced them.
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    /// The key `superEncoder()` and `superDecoder()` use, as the Codable documentation prescribes.
    static let superKey = LiteralCodingKey(stringValue: "super")
}

/// Human-readable descriptions used in error messages. Users see these when a task's inputs do
/// not match its declared Swift types, so they name both the place and the mismatch.
enum LiteralCodingText {
    /// `inputs.rows[2].name`; positions print as subscripts, names joined with dots.
    static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "the top level" }
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key is LiteralCodingKey || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// What kind of literal was found, with an article: "a string", "none".
    static func kind(of literal: Literal) -> String {
        switch literal {
        case .int: "an int"
        case .float: "a float"
        case .string: "a string"
        case .bool: "a bool"
        case .bytes: "bytes"
        case .datetime: "a datetime"
        case .duration: "a duration"
        case .none: "none"
        case .collection: "a collection"
        case .map: "a map"
        case .blob: "a blob"
        case .error: "an error"
        }
    }
}

/// Builders for the `DecodingError`s the decoder throws.
enum LiteralDecodingErrors {
    /// The literal at `codingPath` is not of the expected kind. A `.none` where a value is required
    /// is `valueNotFound`, as with Foundation's coders and JSON null; anything else is `typeMismatch`.
    static func mismatch(_ type: Any.Type, expected: String, found: Literal, at codingPath: [any CodingKey]) -> DecodingError {
        let message = "expected \(expected) at \(LiteralCodingText.path(codingPath)), found \(LiteralCodingText.kind(of: found))"
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: message)
        if case .none = found {
            return .valueNotFound(type, context)
        }
        return .typeMismatch(type, context)
    }

    /// A number of the right kind whose value the requested Swift type cannot hold.
    static func outOfRange(_ value: String, _ type: Any.Type, at codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(
            codingPath: codingPath,
            debugDescription: "\(value) at \(LiteralCodingText.path(codingPath)) does not fit in \(type)"))
    }
}

/// Conversions shared by the encoder's three container kinds, so range checks live in one place.
enum LiteralScalars {
    /// Every integer type becomes `.int`; those that can exceed Int64 (UInt, UInt64, the 128-bit
    /// types) are checked rather than truncated, because silently wrapping a user's number is worse
    /// than failing the task.
    static func int<I: BinaryInteger>(_ value: I, at codingPath: [any CodingKey]) throws -> Literal {
        guard let int = Int64(exactly: value) else {
            let bound = value < 0 ? "smaller than Int64.min" : "larger than Int64.max"
            throw EncodingError.invalidValue(value, .init(
                codingPath: codingPath,
                debugDescription: "\(I.self) value \(value) at \(LiteralCodingText.path(codingPath)) is \(bound); a Literal int holds 64-bit signed integers"))
        }
        return .int(int)
    }

    /// Dates outside protobuf's Timestamp range (years 1 to 9999) would fail only later, at
    /// serialization, without a coding path; refusing them here names the field. The check also
    /// keeps `Timestamp(_:)` away from its Int64 conversion, which would trap for huge intervals.
    static func datetime(_ date: Date, at codingPath: [any CodingKey]) throws -> Literal {
        let interval = date.timeIntervalSince1970
        let range = Timestamp.validSeconds
        guard interval.isFinite, interval >= Double(range.lowerBound), interval < Double(range.upperBound) + 1 else {
            throw EncodingError.invalidValue(date, .init(
                codingPath: codingPath,
                debugDescription: "date \(interval)s since 1970 at \(LiteralCodingText.path(codingPath)) is outside the datetime range 0001-01-01 to 9999-12-31"))
        }
        let timestamp = Timestamp(date)
        // Rounding nanos up can carry past the last valid second; clamp rather than fail.
        return .datetime(timestamp.isValid ? timestamp : Timestamp(seconds: range.upperBound, nanos: 999_999_999))
    }

    /// Protobuf's Duration covers ±10,000 years; as with dates, refuse longer ones while the path is known.
    static func duration(_ duration: Duration, at codingPath: [any CodingKey]) throws -> Literal {
        // Compared as Durations: `components` and `abs` could trap on extreme values.
        let bound = Duration.seconds(Duration.maxWireSeconds + 1)
        guard duration > .zero - bound, duration < bound else {
            throw EncodingError.invalidValue(duration, .init(
                codingPath: codingPath,
                debugDescription: "duration \(duration) at \(LiteralCodingText.path(codingPath)) is longer than the 10,000 years a Literal duration holds"))
        }
        return .duration(duration)
    }
}
