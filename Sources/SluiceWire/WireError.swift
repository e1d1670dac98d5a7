/// Why bytes could not be decoded into a message, or a value could not be encoded.
///
/// The message names the protobuf type and field concerned, so that whoever sent the bytes can
/// find what was wrong.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case tooLarge = "message too large"
            case tooDeep = "nested too deeply"
            case truncated = "truncated"
            case malformed = "malformed"
            case invalidUTF8 = "invalid UTF-8"
            case nulInString = "NUL in string"
            case unknownEnumValue = "unknown enum value"
            case missingValue = "missing value"
            case invalidValue = "invalid value"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes exceed the size limit.
        public static let tooLarge = Code(.tooLarge)
        /// Messages nest deeper than the limit.
        public static let tooDeep = Code(.tooDeep)
        /// The bytes end inside a field.
        public static let truncated = Code(.truncated)
        /// The bytes are not protobuf, or a field has the wrong wire type.
        public static let malformed = Code(.malformed)
        /// A string field holds bytes that are not UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A string holds a NUL character, which protobuf-c cannot carry in a string.
        public static let nulInString = Code(.nulInString)
        /// An enum field holds a number the enum does not define.
        public static let unknownEnumValue = Code(.unknownEnumValue)
        /// A value that must be set is not (a Literal with no value).
        public static let missingValue = Code(.missingValue)
        /// A value is out of its range (a timestamp's nanoseconds).
        public static let invalidValue = Code(.invalidValue)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension WireError {
    static func missingValue(_ path: String) -> WireError {
        WireError(.missingValue, "\(path): no value set")
    }

    static func unknownCase(_ path: String, _ number: UInt32) -> WireError {
        WireError(.malformed, "\(path): unknown oneof case \(number)")
    }

    static func unknownEnumValue(_ path: String, _ value: Int32) -> WireError {
        WireError(.unknownEnumValue, "\(path): unknown enum value \(value)")
    }
}
