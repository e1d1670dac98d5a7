/// Sluice types derived from Swift `Decodable` types, so that a task or workflow written over
/// Codable structs declares its interface without repeating it.
///
/// Derivation walks the type's `init(from:)` with a decoder that hands out placeholder values
/// and records, for each key, the type asked for:
///
/// | Swift | Sluice |
/// | --- | --- |
/// | `Int`, `Int8`…`Int64`, `UInt`…`UInt64` | int |
/// | `Double`, `Float` | float |
/// | `String`, `URL` | string |
/// | `Bool` | bool |
/// | `Date` | datetime |
/// | `Data` | bytes (an `[UInt8]` is a collection of ints, as it encodes) |
/// | `Duration` | duration |
/// | `[T]`, `Set<T>` | collection of T |
/// | `[String: T]` | map of T |
/// | a nested Codable struct | struct with its fields, in declaration order |
/// | `T?` | T \| none |
///
/// Anything else (a `Literal`, an enum, a dictionary keyed by something other than `String`,
/// a recursive type, a custom `init(from:)` using nested containers) is refused with a
/// ``SchemaError`` naming the type and the key.
public enum LiteralSchema {
    /// The Sluice type of values of `type`.
    public static func type<T: Decodable>(of type: T.Type) throws(SchemaError) -> LiteralType {
        try SchemaProbe(rootName: String(describing: type)).derive(type)
    }

    /// The fields of a keyed struct, in declaration order. A task's or workflow's inputs and
    /// outputs are such a struct's fields: their names are the variable names.
    public static func fields<T: Decodable>(of type: T.Type) throws(SchemaError) -> [StructField] {
        let derived = try self.type(of: type)
        guard case .struct(let structType) = derived else {
            throw SchemaError(
                typeName: String(describing: type), path: "",
                reason: "it is \(derived.typeDescription), not a struct with named fields; "
                    + "inputs and outputs are the fields of a Codable struct")
        }
        return structType.fields
    }

    /// The fields of a keyed struct as interface variables. An optional field (its type admits
    /// none) gets none as its default, so callers may leave it out.
    public static func variables<T: Decodable>(of type: T.Type) throws(SchemaError) -> [Variable] {
        try fields(of: type).map { field in
            let optional = field.type.map { $0.accepts(.none) } ?? false
            return Variable(name: field.name, type: field.type, defaultValue: optional ? Literal.none : nil)
        }
    }
}

/// Why a Swift type has no Sluice type.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The type derivation started from ("AddOneInput").
    public var typeName: String
    /// Where in it the problem is ("rows[0].when"); "" for the type itself.
    public var path: String
    public var reason: String

    public init(typeName: String, path: String, reason: String) {
        self.typeName = typeName
        self.path = path
        self.reason = reason
    }

    public var description: String {
        let place = path.isEmpty ? typeName : "\(typeName).\(path)"
        return "cannot derive a Sluice type for \(place): \(reason)"
    }
}
