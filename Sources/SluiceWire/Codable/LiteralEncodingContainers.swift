// The three encoding containers. Each primitive overload is one line forwarding to a shared
// conversion, so the mapping rules (integers range-checked into `.int`, floats widened to `.float`)
// live in `LiteralScalars` and `LiteralValueEncoder.literal(for:at:userInfo:)` only.

/// Writes entries of a `.map`.
struct LiteralKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: LiteralValueEncoder
    let slot: LiteralSlot
    let codingPath: [any CodingKey]

    private func put(_ literal: Literal, _ key: Key) {
        slot.set(.literal(literal), forKey: key.stringValue, at: codingPath)
    }

    private func putInt<I: BinaryInteger>(_ value: I, _ key: Key) throws {
        put(try LiteralScalars.int(value, at: codingPath + [key]), key)
    }

    mutating func encodeNil(forKey key: Key) throws { put(.none, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.float(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(.float(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try putInt(value, key) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try putInt(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try encoder.literal(for: value, at: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = LiteralSlot()
        child.become(.keyed, at: codingPath + [key])
        slot.set(.slot(child), forKey: key.stringValue, at: codingPath)
        return KeyedEncodingContainer(LiteralKeyedEncodingContainer<NestedKey>(encoder: encoder, slot: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = LiteralSlot()
        child.become(.unkeyed, at: codingPath + [key])
        slot.set(.slot(child), forKey: key.stringValue, at: codingPath)
        return LiteralUnkeyedEncodingContainer(encoder: encoder, slot: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(at: LiteralCodingKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(at: key)
    }

    private func superEncoder(at key: any CodingKey) -> any Encoder {
        let child = LiteralSlot()
        slot.set(.slot(child), forKey: key.stringValue, at: codingPath)
        return LiteralValueEncoder(slot: child, codingPath: codingPath + [key], userInfo: encoder.userInfo)
    }
}

/// Appends elements of a `.collection`.
struct LiteralUnkeyedEncodingContainer: UnkeyedEncodingContainer, LiteralScalarEncoding {
    let encoder: LiteralValueEncoder
    let slot: LiteralSlot
    let codingPath: [any CodingKey]

    var count: Int { slot.unkeyedCount }

    /// The path of the element about to be appended.
    private var nextPath: [any CodingKey] { codingPath + [LiteralCodingKey(intValue: count)] }

    func put(_ literal: Literal) {
        slot.append(.literal(literal), at: codingPath)
    }

    func putInt<I: BinaryInteger>(_ value: I) throws {
        put(try LiteralScalars.int(value, at: nextPath))
    }


    // On the type itself: the standard library has defaults for these two, which would be
    // ambiguous with LiteralScalarEncoding's.
    mutating func encode(_ value: Int128) throws { try putInt(value) }
    mutating func encode(_ value: UInt128) throws { try putInt(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        put(try encoder.literal(for: value, at: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = LiteralSlot()
        child.become(.keyed, at: path)
        slot.append(.slot(child), at: codingPath)
        return KeyedEncodingContainer(LiteralKeyedEncodingContainer<NestedKey>(encoder: encoder, slot: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = LiteralSlot()
        child.become(.unkeyed, at: path)
        slot.append(.slot(child), at: codingPath)
        return LiteralUnkeyedEncodingContainer(encoder: encoder, slot: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let child = LiteralSlot()
        slot.append(.slot(child), at: codingPath)
        return LiteralValueEncoder(slot: child, codingPath: path, userInfo: encoder.userInfo)
    }
}

/// Encodes the one value of a slot.
struct LiteralSingleValueEncodingContainer: SingleValueEncodingContainer, LiteralScalarEncoding {
    let encoder: LiteralValueEncoder
    let slot: LiteralSlot
    let codingPath: [any CodingKey]

    func put(_ literal: Literal) {
        slot.setSingle(literal, at: codingPath)
    }

    func putInt<I: BinaryInteger>(_ value: I) throws {
        put(try LiteralScalars.int(value, at: codingPath))
    }


    // On the type itself: the standard library has defaults for these two, which would be
    // ambiguous with LiteralScalarEncoding's.
    mutating func encode(_ value: Int128) throws { try putInt(value) }
    mutating func encode(_ value: UInt128) throws { try putInt(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        put(try encoder.literal(for: value, at: codingPath))
    }
}

/// The scalar encodes the unkeyed and single-value containers share: both put each value in
/// one place, differing only in where (the next element, or the single value).
protocol LiteralScalarEncoding {
    func put(_ literal: Literal)
    func putInt<I: BinaryInteger>(_ value: I) throws
}

extension LiteralScalarEncoding {
    mutating func encodeNil() throws { put(.none) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.float(value)) }
    mutating func encode(_ value: Float) throws { put(.float(Double(value))) }
    mutating func encode(_ value: Int) throws { try putInt(value) }
    mutating func encode(_ value: Int8) throws { try putInt(value) }
    mutating func encode(_ value: Int16) throws { try putInt(value) }
    mutating func encode(_ value: Int32) throws { try putInt(value) }
    mutating func encode(_ value: Int64) throws { try putInt(value) }
    mutating func encode(_ value: UInt) throws { try putInt(value) }
    mutating func encode(_ value: UInt8) throws { try putInt(value) }
    mutating func encode(_ value: UInt16) throws { try putInt(value) }
    mutating func encode(_ value: UInt32) throws { try putInt(value) }
    mutating func encode(_ value: UInt64) throws { try putInt(value) }
}
