// The three decoding containers. Each primitive overload forwards to one conversion on
// `LiteralValueDecoder`, so acceptance rules and error messages are the same wherever a value sits.

/// Reads entries of a `.map`.
struct LiteralKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: LiteralValueDecoder
    let entries: [String: Literal]
    let codingPath: [any CodingKey]

    /// Sorted so that code inspecting `allKeys` (synthesized enum decoding, error messages)
    /// behaves the same on every run.
    var allKeys: [Key] { entries.keys.sorted().compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Literal {
        guard let value = entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath,
                debugDescription: "no value for key \"\(key.stringValue)\" in the map at \(LiteralCodingText.path(codingPath))"))
        }
        return value
    }

    private func int<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try decoder.unboxInteger(type, value(key), at: codingPath + [key])
    }

    private func float<F: BinaryFloatingPoint>(_ type: F.Type, _ key: Key) throws -> F {
        try decoder.unboxFloat(type, value(key), at: codingPath + [key])
    }

    /// A missing key throws, as with Foundation's decoders; `decodeIfPresent` checks `contains`
    /// first, which is how a missing key becomes nil for optional properties.
    func decodeNil(forKey key: Key) throws -> Bool {
        if case .none = try value(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.unboxBool(value(key), at: codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.unboxString(value(key), at: codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try float(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try float(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try int(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try int(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try int(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try int(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try int(type, key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try int(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try int(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try int(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try int(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try int(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try int(type, key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try int(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unbox(type, from: value(key), at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    /// A missing `super` entry decodes as `.none`, matching Foundation, so a superclass that
    /// encoded nothing optional still decodes.
    func superDecoder() throws -> any Decoder {
        LiteralValueDecoder(literal: entries[LiteralCodingKey.superKey.stringValue] ?? .none,
                            codingPath: codingPath + [LiteralCodingKey.superKey], userInfo: decoder.userInfo)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        LiteralValueDecoder(literal: entries[key.stringValue] ?? .none, codingPath: codingPath + [key], userInfo: decoder.userInfo)
    }

    private func child(_ key: Key) throws -> LiteralValueDecoder {
        LiteralValueDecoder(literal: try value(key), codingPath: codingPath + [key], userInfo: decoder.userInfo)
    }
}

/// Reads elements of a `.collection` in order. Like Foundation's decoders, the index advances
/// only when a decode succeeds, so a caller can retry the same element as another type.
struct LiteralUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: LiteralValueDecoder
    let elements: [Literal]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: LiteralValueDecoder, elements: [Literal], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The current element and its path; past the end, the error a decode of `type` reports.
    private func current(_ type: Any.Type) throws -> (Literal, [any CodingKey]) {
        let path = codingPath + [LiteralCodingKey(intValue: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: path,
                debugDescription: "expected a value at \(LiteralCodingText.path(path)), but the collection has only \(elements.count) elements"))
        }
        return (elements[currentIndex], path)
    }

    private mutating func next<T>(_ type: T.Type, _ convert: (Literal, [any CodingKey]) throws -> T) throws -> T {
        let (literal, path) = try current(type)
        let result = try convert(literal, path)
        currentIndex += 1
        return result
    }

    private mutating func int<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let decoder = decoder
        return try next(type) { try decoder.unboxInteger(type, $0, at: $1) }
    }

    private mutating func float<F: BinaryFloatingPoint>(_ type: F.Type) throws -> F {
        let decoder = decoder
        return try next(type) { try decoder.unboxFloat(type, $0, at: $1) }
    }

    /// True and advances past a `.none`; false, without advancing, for anything else.
    mutating func decodeNil() throws -> Bool {
        guard case .none = try current(Literal.self).0 else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let d = decoder; return try next(type) { try d.unboxBool($0, at: $1) } }
    mutating func decode(_ type: String.Type) throws -> String { let d = decoder; return try next(type) { try d.unboxString($0, at: $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try float(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try float(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try int(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try int(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try int(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try int(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try int(type) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try int(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try int(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try int(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try int(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try int(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try int(type) }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try int(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = decoder
        return try next(type) { try decoder.unbox(type, from: $0, at: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let decoder = decoder
        return try next(KeyedDecodingContainer<NestedKey>.self) { literal, path in
            try LiteralValueDecoder(literal: literal, codingPath: path, userInfo: decoder.userInfo).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let decoder = decoder
        return try next((any UnkeyedDecodingContainer).self) { literal, path in
            try LiteralValueDecoder(literal: literal, codingPath: path, userInfo: decoder.userInfo).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = decoder
        return try next((any Decoder).self) { literal, path in
            LiteralValueDecoder(literal: literal, codingPath: path, userInfo: decoder.userInfo)
        }
    }
}

/// Reads the one literal of a decoder.
struct LiteralSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: LiteralValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var literal: Literal { decoder.literal }

    func decodeNil() -> Bool {
        if case .none = literal { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unboxBool(literal, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.unboxString(literal, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.unboxFloat(type, literal, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.unboxFloat(type, literal, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: Int128.Type) throws -> Int128 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.unboxInteger(type, literal, at: codingPath) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try decoder.unboxInteger(type, literal, at: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.unbox(type, from: literal, at: codingPath)
    }
}
