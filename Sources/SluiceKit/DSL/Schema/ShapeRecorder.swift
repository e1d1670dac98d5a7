/// What one type's `init(from:)` asked its decoder for, turned into that type's Sluice type
/// once it returns.
final class ShapeRecorder {
    enum Shape {
        /// Nothing asked: a struct with no fields.
        case nothing
        case keyed
        /// A keyed container whose `allKeys` was read: a dictionary.
        case map
        case unkeyed
        case single
    }

    let typeName: String
    private(set) var shape = Shape.nothing
    private var fields: [StructField] = []
    /// The element type of a map or collection, or the type of a single value.
    private var inner: LiteralType?
    /// Keys (or "" for an element or single value) checked for nil before being decoded:
    /// that is how `Optional` and `decodeIfPresent` decode, so those values admit none.
    private var nilChecked: Set<String> = []

    init(typeName: String) {
        self.typeName = typeName
    }

    /// Makes the decoder's container of this kind. Asking for a second kind is a custom
    /// `init(from:)` Sluice cannot describe.
    func become(_ requested: Shape, failing: (String) -> SchemaFailure) throws {
        switch (shape, requested) {
        case (.nothing, _), (.keyed, .keyed), (.map, .keyed), (.keyed, .map), (.unkeyed, .unkeyed), (.single, .single):
            shape = shape == .map ? .map : requested
        default:
            throw failing("\(typeName)'s init(from:) uses more than one kind of container")
        }
    }

    func checkedNil(_ key: String) {
        nilChecked.insert(key)
    }

    /// A field of a struct, or (for a map) the type of its values.
    func record(_ type: LiteralType, forKey key: String, mapKey: String, failing: (String) -> SchemaFailure) throws {
        let type = nilChecked.contains(key) ? type.optional : type
        if shape == .map, key == mapKey {
            try recordInner(type, what: "values", failing: failing)
            return
        }
        if let existing = fields.firstIndex(where: { $0.name == key }) {
            guard fields[existing].type == type else {
                throw failing("\(typeName)'s init(from:) decodes key '\(key)' as two different types")
            }
            return
        }
        fields.append(StructField(name: key, type: type))
    }

    /// A collection's element or a single value.
    func record(_ type: LiteralType, failing: (String) -> SchemaFailure) throws {
        try recordInner(nilChecked.contains("") ? type.optional : type, what: shape == .single ? "values" : "elements", failing: failing)
    }

    private func recordInner(_ type: LiteralType, what: String, failing: (String) -> SchemaFailure) throws {
        if let inner, inner != type {
            throw failing("\(typeName) holds \(what) of different types (\(inner.typeDescription) and \(type.typeDescription))")
        }
        inner = type
    }

    /// The Sluice type of the recorded shape.
    func type(or failing: (String) -> SchemaFailure) throws -> LiteralType {
        switch shape {
        case .nothing:
            return .struct(StructType(name: typeName, fields: []))
        case .keyed:
            return .struct(StructType(name: typeName, fields: fields))
        case .map:
            guard let inner else { throw failing("\(typeName) decodes no value, so its value type is unknown") }
            return .map(inner)
        case .unkeyed:
            guard let inner else { throw failing("\(typeName) decodes no element, so its element type is unknown") }
            return .collection(inner)
        case .single:
            guard let inner else { throw failing("\(typeName) decodes no value") }
            return nilChecked.contains("") ? inner.optional : inner
        }
    }
}
