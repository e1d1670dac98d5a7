#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` values as `Literal`s, the values that flow between workflow tasks.
///
/// Keyed containers become `.map`, unkeyed containers `.collection`, and a type that encodes
/// nothing becomes an empty `.map`. `Data`, `Date`, `Duration`, `URL` and `Literal` itself are
/// recognised before their own `Codable` conformances run, so they get their natural literal form
/// (`.bytes`, `.datetime`, `.duration`, `.string`, embedded as-is) rather than Foundation's
/// JSON-oriented encodings. Optional properties that are nil are left out of the map, as
/// synthesized `Codable` asks (`encodeIfPresent`); the decoder reads a missing key as nil.
public struct LiteralEncoder: Sendable {
    /// Handed to `encode(to:)` implementations as `Encoder.userInfo`. Values are `Sendable`
    /// so that a configured encoder can be shared between tasks.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Literal {
        try LiteralValueEncoder.literal(for: value, at: [], userInfo: userInfo.mapValues { $0 as Any })
    }
}

/// Where one encoder and its containers collect what they encode. Containers are value types
/// that share this reference, so a nested container or super encoder handed out earlier still
/// writes into the right place; the tree is turned into a `Literal` once encoding finishes.
///
/// Not `Sendable`: a slot lives only for one synchronous `encode` call.
final class LiteralSlot {
    /// A child is either finished (`literal`) or still open to a nested container (`slot`).
    enum Entry {
        case literal(Literal)
        case slot(LiteralSlot)
    }

    enum Shape {
        case empty, single, keyed, unkeyed

        /// For misuse messages: "a keyed container", "a single value".
        var phrase: String {
            switch self {
            case .empty: "nothing"
            case .single: "a single value"
            case .keyed: "a keyed container"
            case .unkeyed: "an unkeyed container"
            }
        }
    }

    private(set) var shape = Shape.empty
    private var single = Literal.none
    private var keyed: [String: Entry] = [:]
    private var unkeyed: [Entry] = []
    /// The first misuse seen. Container requests cannot throw, so misuse is recorded here and
    /// thrown by `literal()` instead of trapping as Foundation's encoders do.
    private var failure: EncodingError?

    var unkeyedCount: Int { unkeyed.count }

    /// Makes this slot hold `shape`. Asking again for the same shape is allowed (several keyed
    /// containers of one encoder share their entries); switching shapes is a misuse.
    func become(_ requested: Shape, at codingPath: [any CodingKey]) {
        if shape == requested { return }
        if shape != .empty {
            fail("\(requested.phrase) requested at \(LiteralCodingText.path(codingPath)) after \(shape.phrase) was used there", codingPath)
        }
        shape = requested
        single = .none
        keyed = [:]
        unkeyed = []
    }

    func set(_ entry: Entry, forKey key: String, at codingPath: [any CodingKey]) {
        become(.keyed, at: codingPath)
        keyed[key] = entry
    }

    func append(_ entry: Entry, at codingPath: [any CodingKey]) {
        become(.unkeyed, at: codingPath)
        unkeyed.append(entry)
    }

    func setSingle(_ literal: Literal, at codingPath: [any CodingKey]) {
        if shape != .empty {
            fail("a single value encoded at \(LiteralCodingText.path(codingPath)) after \(shape.phrase) was used there", codingPath)
        }
        shape = .single
        single = literal
    }

    func literal() throws -> Literal {
        if let failure { throw failure }
        switch shape {
        case .empty: return .map([:])
        case .single: return single
        case .keyed: return .map(try keyed.mapValues { try $0.literal() })
        case .unkeyed: return .collection(try unkeyed.map { try $0.literal() })
        }
    }

    private func fail(_ message: String, _ codingPath: [any CodingKey]) {
        guard failure == nil else { return }
        failure = .invalidValue(message, .init(codingPath: codingPath, debugDescription: "invalid use of LiteralEncoder: \(message)"))
    }
}

extension LiteralSlot.Entry {
    func literal() throws -> Literal {
        switch self {
        case .literal(let literal): literal
        case .slot(let slot): try slot.literal()
        }
    }
}

/// The `Encoder` handed to `encode(to:)`. One per encoded value; not `Sendable` (see `LiteralSlot`).
final class LiteralValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    let slot: LiteralSlot

    init(slot: LiteralSlot, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.slot = slot
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.become(.keyed, at: codingPath)
        return KeyedEncodingContainer(LiteralKeyedEncodingContainer<Key>(encoder: self, slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.become(.unkeyed, at: codingPath)
        return LiteralUnkeyedEncodingContainer(encoder: self, slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        LiteralSingleValueEncodingContainer(encoder: self, slot: slot, codingPath: codingPath)
    }

    /// Encodes a child value at `codingPath` with this encoder's user info.
    func literal<T: Encodable>(for value: T, at codingPath: [any CodingKey]) throws -> Literal {
        try Self.literal(for: value, at: codingPath, userInfo: userInfo)
    }

    /// The one place values become literals. Special types are caught by dynamic cast first:
    /// their own Codable conformances (Date as a Double, Data as base64 or an array, URL as a
    /// keyed pair) suit JSON, not Literal, which has dedicated cases for them.
    static func literal<T: Encodable>(for value: T, at codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) throws -> Literal {
        switch value {
        case let literal as Literal: return literal
        case let data as Data: return .bytes([UInt8](data))
        case let date as Date: return try LiteralScalars.datetime(date, at: codingPath)
        case let duration as Duration: return try LiteralScalars.duration(duration, at: codingPath)
        case let url as URL: return .string(url.absoluteString)
        default: break
        }
        let slot = LiteralSlot()
        try value.encode(to: LiteralValueEncoder(slot: slot, codingPath: codingPath, userInfo: userInfo))
        return try slot.literal()
    }
}
