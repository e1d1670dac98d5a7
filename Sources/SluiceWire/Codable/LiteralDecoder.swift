#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` values from `Literal`s, mirroring `LiteralEncoder`.
///
/// Numbers convert only when no information is lost: `.int` decodes into any integer type that
/// can hold it and into Float/Double; `.float` decodes into an integer type only when it is
/// integral and in range. A missing key or `.none` decodes as nil for optionals. Every failure is
/// a `DecodingError` whose coding path and message say where the mismatch is, never a trap.
public struct LiteralDecoder: Sendable {
    /// Handed to `init(from:)` implementations as `Decoder.userInfo`. Values are `Sendable`
    /// so that a configured decoder can be shared between tasks.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from literal: Literal) throws -> T {
        let root = LiteralValueDecoder(literal: literal, codingPath: [], userInfo: userInfo.mapValues { $0 as Any })
        return try root.unbox(type, from: literal, at: [])
    }
}

/// The `Decoder` handed to `init(from:)`: one literal and where it sits. Also holds the
/// conversions its containers share.
struct LiteralValueDecoder: Decoder {
    let literal: Literal
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let entries) = literal else {
            throw LiteralDecodingErrors.mismatch([String: Literal].self, expected: "a map", found: literal, at: codingPath)
        }
        return KeyedDecodingContainer(LiteralKeyedDecodingContainer<Key>(decoder: self, entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .collection(let elements) = literal else {
            throw LiteralDecodingErrors.mismatch([Literal].self, expected: "a collection", found: literal, at: codingPath)
        }
        return LiteralUnkeyedDecodingContainer(decoder: self, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        LiteralSingleValueDecodingContainer(decoder: self)
    }

    /// The one place literals become values. Mirrors `LiteralValueEncoder.literal(for:)`: the
    /// special types are matched by type identity before their own `init(from:)` would run.
    func unbox<T: Decodable>(_ type: T.Type, from literal: Literal, at codingPath: [any CodingKey]) throws -> T {
        if type == Literal.self {
            return try cast(literal)
        }
        if type == Data.self {
            guard case .bytes(let bytes) = literal else {
                throw LiteralDecodingErrors.mismatch(type, expected: "bytes", found: literal, at: codingPath)
            }
            return try cast(Data(bytes))
        }
        if type == Date.self {
            guard case .datetime(let timestamp) = literal else {
                throw LiteralDecodingErrors.mismatch(type, expected: "a datetime", found: literal, at: codingPath)
            }
            return try cast(timestamp.date)
        }
        if type == Duration.self {
            guard case .duration(let duration) = literal else {
                throw LiteralDecodingErrors.mismatch(type, expected: "a duration", found: literal, at: codingPath)
            }
            return try cast(duration)
        }
        if type == URL.self {
            guard case .string(let string) = literal else {
                throw LiteralDecodingErrors.mismatch(type, expected: "a string holding a URL", found: literal, at: codingPath)
            }
            guard let url = URL(string: string) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath,
                    debugDescription: "\"\(string)\" at \(LiteralCodingText.path(codingPath)) is not a valid URL"))
            }
            return try cast(url)
        }
        return try T(from: LiteralValueDecoder(literal: literal, codingPath: codingPath, userInfo: userInfo))
    }

    /// Converts a special value to `T` after a type check made it certain to succeed; throws
    /// rather than force-casting so that a mistake here can never crash a task.
    private func cast<Value, T>(_ value: Value) throws -> T {
        guard let result = value as? T else {
            throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "internal error: \(Value.self) is not \(T.self)"))
        }
        return result
    }

    func unboxBool(_ literal: Literal, at codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let value) = literal else {
            throw LiteralDecodingErrors.mismatch(Bool.self, expected: "a bool", found: literal, at: codingPath)
        }
        return value
    }

    func unboxString(_ literal: Literal, at codingPath: [any CodingKey]) throws -> String {
        guard case .string(let value) = literal else {
            throw LiteralDecodingErrors.mismatch(String.self, expected: "a string", found: literal, at: codingPath)
        }
        return value
    }

    /// `.int` if the type can hold it; `.float` only when integral and in range, since a task
    /// declared to take an Int should not silently receive 2 for 2.5.
    func unboxInteger<I: FixedWidthInteger>(_ type: I.Type, _ literal: Literal, at codingPath: [any CodingKey]) throws -> I {
        switch literal {
        case .int(let value):
            guard let result = I(exactly: value) else {
                throw LiteralDecodingErrors.outOfRange("\(value)", type, at: codingPath)
            }
            return result
        case .float(let value):
            guard let result = I(exactly: value) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath,
                    debugDescription: "\(value) at \(LiteralCodingText.path(codingPath)) is not an integer that fits in \(type)"))
            }
            return result
        default:
            throw LiteralDecodingErrors.mismatch(type, expected: "an int", found: literal, at: codingPath)
        }
    }

    /// `.float`, or `.int` converted to the nearest representable value. A finite `.float` too
    /// large for `Float` is refused rather than turned into infinity.
    func unboxFloat<F: BinaryFloatingPoint>(_ type: F.Type, _ literal: Literal, at codingPath: [any CodingKey]) throws -> F {
        switch literal {
        case .float(let value):
            let result = F(value)
            if result.isInfinite && value.isFinite {
                throw LiteralDecodingErrors.outOfRange("\(value)", type, at: codingPath)
            }
            return result
        case .int(let value):
            return F(value)
        default:
            throw LiteralDecodingErrors.mismatch(type, expected: "a float", found: literal, at: codingPath)
        }
    }
}
