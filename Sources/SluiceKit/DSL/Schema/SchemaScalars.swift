#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Swift types that map to one Sluice scalar type, with the placeholder value a derivation
/// hands out for each. Matched by type identity, as `LiteralEncoder` matches them, so that a
/// type derives to exactly what its values encode to.
enum SchemaScalars {
    struct Scalar {
        let type: LiteralType
        let value: Any
    }

    /// The scalar for `type`, nil when it is not one. Throws for types that have no fixed
    /// Sluice type at all.
    static func placeholder<T>(for type: T.Type, failing: (String) -> SchemaFailure) throws -> Scalar? {
        switch type {
        case is Bool.Type: return Scalar(type: .simple(.bool), value: false)
        case is String.Type: return Scalar(type: .simple(.string), value: "")
        case is Double.Type: return Scalar(type: .simple(.float), value: 0.0 as Double)
        case is Float.Type: return Scalar(type: .simple(.float), value: 0 as Float)
        case is Int.Type: return int(0 as Int)
        case is Int8.Type: return int(0 as Int8)
        case is Int16.Type: return int(0 as Int16)
        case is Int32.Type: return int(0 as Int32)
        case is Int64.Type: return int(0 as Int64)
        case is UInt.Type: return int(0 as UInt)
        case is UInt8.Type: return int(0 as UInt8)
        case is UInt16.Type: return int(0 as UInt16)
        case is UInt32.Type: return int(0 as UInt32)
        case is UInt64.Type: return int(0 as UInt64)
        case is Date.Type: return Scalar(type: .simple(.datetime), value: Date(timeIntervalSince1970: 0))
        case is Data.Type: return Scalar(type: .simple(.bytes), value: Data())
        case is Duration.Type: return Scalar(type: .simple(.duration), value: Duration.zero)
        case is URL.Type: return Scalar(type: .simple(.string), value: URL(fileURLWithPath: "/"))
        case is Literal.Type:
            throw failing("a Literal may hold a value of any type; declare a concrete Swift type instead")
        default: return nil
        }
    }

    private static func int(_ value: Any) -> Scalar {
        Scalar(type: .simple(.int), value: value)
    }
}

extension LiteralType {
    /// This type, admitting none as well.
    var optional: LiteralType {
        if accepts(.none) { return self }
        return .union([self, .simple(.none)])
    }
}
