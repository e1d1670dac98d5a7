/// Reads JSON text (RFC 8259) into a ``JSONValue``. Strict: no comments, no trailing commas, no
/// duplicate keys, nothing after the document. Nesting is bounded so hostile input cannot
/// overflow the stack.
///
/// Not Foundation's readers (checked with Swift 6.3 on Linux): JSONSerialization accepts trailing
/// commas, keeps the last of repeated keys, refuses numbers beyond Double's range, returns numbers
/// longer than 17 characters as an NSDecimalNumber whose doubleValue is inexact
/// (0.30000000000000004 gives 0.3000000000000001) and whose text drops the fraction
/// ("1.00000000000000000" gives "1"), and reads text with NUL bytes as UTF-16. JSONDecoder reads
/// "1.0" and "1" alike, and traps on 513 unclosed "[".
struct JSONReader {
    /// Deeper documents are refused; a Literal that deep could not cross the wire anyway.
    static let maxDepth = 128

    private let bytes: [UInt8]
    private var position = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    static func read(_ text: String) throws(LiteralParseError) -> JSONValue {
        var reader = JSONReader(text)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == reader.bytes.count else {
            throw reader.failure("unexpected text after the JSON value")
        }
        return value
    }

    private func failure(_ message: String) -> LiteralParseError {
        LiteralParseError(message: "invalid JSON at offset \(position): \(message)")
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    private mutating func expect(_ word: String) throws(LiteralParseError) {
        for byte in word.utf8 {
            guard current == byte else { throw failure("expected '\(word)'") }
            position += 1
        }
    }

    private mutating func readValue(depth: Int) throws(LiteralParseError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
        guard let current else { throw failure("unexpected end of text") }
        switch current {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(current)))'")
        }
    }

    private mutating func readObject(depth: Int) throws(LiteralParseError) -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try readString()
            guard members[key] == nil else { throw failure("duplicate key \(key.debugDescription)") }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members[key] = try readValue(depth: depth + 1)
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
            } else if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            } else {
                throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(LiteralParseError) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
            } else if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            } else {
                throw failure("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func readNumber() throws(LiteralParseError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard try readDigits() > 0 else { throw failure("a number needs digits") }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard try readDigits() > 0 else { throw failure("a fraction needs digits") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard try readDigits() > 0 else { throw failure("an exponent needs digits") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func readDigits() throws(LiteralParseError) -> Int {
        var count = 0
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            position += 1
            count += 1
        }
        return count
    }

    private mutating func readString() throws(LiteralParseError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun() {
            if runStart < position {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard let byte = current else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                flushRun()
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flushRun()
                position += 1
                scalars.append(try readEscape())
                runStart = position
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                position += 1
            }
        }
    }

    private mutating func readEscape() throws(LiteralParseError) -> Unicode.Scalar {
        guard let byte = current else { throw failure("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try readHexUnit()
            if (0xD800..<0xDC00).contains(unit) {
                // A high surrogate must be followed by an escaped low one.
                guard current == UInt8(ascii: "\\") else { throw failure("unpaired surrogate") }
                position += 1
                guard current == UInt8(ascii: "u") else { throw failure("unpaired surrogate") }
                position += 1
                let low = try readHexUnit()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw failure("invalid escape") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(UInt32(unit)) else { throw failure("unpaired surrogate") }
            // No string on Sluice's wire can hold one (protobuf-c's strings end at NUL).
            guard scalar != "\u{0}" else { throw failure("\\u0000: no Sluice value can hold a NUL character") }
            return scalar
        default:
            throw failure("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func readHexUnit() throws(LiteralParseError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else { throw failure("expected 4 hex digits after \\u") }
            unit = unit << 4 | UInt16(digit)
            position += 1
        }
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
