/// The decoder a derivation hands to `init(from:)`: it records what is asked for and answers
/// with placeholder values.
struct SchemaDecoder: Decoder {
    let probe: SchemaProbe
    let recorder: ShapeRecorder
    let path: [SchemaPathStep]

    /// The key a dictionary's `allKeys` is given, so that its values get decoded once.
    static let mapKey = "key"

    var codingPath: [any CodingKey] {
        path.map { step in
            switch step {
            case .key(let key): SchemaCodingKey(stringValue: key)
            case .element: SchemaCodingKey(intValue: 0)
            }
        }
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func failing(_ reason: String) -> SchemaFailure {
        probe.failure(at: path, reason)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try recorder.become(.keyed, failing: failing)
        return KeyedDecodingContainer(SchemaKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try recorder.become(.unkeyed, failing: failing)
        return SchemaUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        try recorder.become(.single, failing: failing)
        return SchemaSingleValueContainer(decoder: self)
    }

    /// Derives the type of a value decoded at `step` and returns its placeholder.
    func child<T: Decodable>(_ type: T.Type, at step: SchemaPathStep?) throws -> (type: LiteralType, value: T) {
        try probe.probe(type, at: step.map { path + [$0] } ?? path)
    }
}

struct SchemaCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
