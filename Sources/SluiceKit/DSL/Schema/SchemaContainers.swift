// The three containers of a schema derivation. Each has one generic decode, which also witnesses
// the per-scalar requirements, so a field's type comes from one place (SchemaProbe.probe).

/// Records a struct's fields, or a dictionary's value type once `allKeys` has been read.
struct SchemaKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: SchemaDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// Read only by dictionaries (and custom decoders that enumerate keys): one key, so the
    /// value type gets decoded once.
    var allKeys: [Key] {
        guard let key = Key(stringValue: SchemaDecoder.mapKey) else { return [] }
        // allKeys cannot throw; a conflict with a struct shape is impossible here because a
        // keyed container was already granted.
        try? decoder.recorder.become(.map, failing: decoder.failing)
        return [key]
    }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.recorder.checkedNil(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (fieldType, value) = try decoder.child(type, at: .key(key.stringValue))
        try decoder.recorder.record(fieldType, forKey: key.stringValue, mapKey: SchemaDecoder.mapKey, failing: decoder.failing)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw unsupported("nested containers", key)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw unsupported("nested containers", key)
    }

    func superDecoder() throws -> any Decoder {
        throw decoder.failing("\(decoder.recorder.typeName)'s init(from:) uses a super decoder (class inheritance), which Sluice cannot describe")
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw unsupported("a super decoder", key)
    }

    private func unsupported(_ what: String, _ key: Key) -> SchemaFailure {
        decoder.probe.failure(
            at: decoder.path + [.key(key.stringValue)],
            "\(decoder.recorder.typeName)'s init(from:) uses \(what), which Sluice cannot describe; use a nested Codable struct")
    }
}

/// Records a collection's element type: it reports one element, then its end.
struct SchemaUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: SchemaDecoder
    private(set) var currentIndex = 0

    init(decoder: SchemaDecoder) {
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { nil }
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool {
        decoder.recorder.checkedNil("")
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (elementType, value) = try decoder.child(type, at: .element)
        try decoder.recorder.record(elementType, failing: decoder.failing)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw unsupported()
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw unsupported()
    }

    mutating func superDecoder() throws -> any Decoder {
        throw unsupported()
    }

    private func unsupported() -> SchemaFailure {
        decoder.failing("\(decoder.recorder.typeName)'s init(from:) uses nested containers, which Sluice cannot describe; use a nested Codable struct")
    }
}

/// Records the one value a wrapper type (such as `Optional`) decodes.
struct SchemaSingleValueContainer: SingleValueDecodingContainer {
    let decoder: SchemaDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.recorder.checkedNil("")
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (valueType, value) = try decoder.child(type, at: nil)
        try decoder.recorder.record(valueType, failing: decoder.failing)
        return value
    }
}
