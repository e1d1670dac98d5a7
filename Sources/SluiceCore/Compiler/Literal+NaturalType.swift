import SluiceWire

extension Literal {
    /// The type a literal has on its own, for places with no declared type (an approve gate's
    /// pass-through, branch operands): scalars their simple type, a collection of its elements'
    /// type (a union when they differ), a map of its values' type (a generic struct when they
    /// differ or there are none).
    var naturalType: LiteralType {
        switch self {
        case .int: .simple(.int)
        case .float: .simple(.float)
        case .string: .simple(.string)
        case .bool: .simple(.bool)
        case .bytes: .simple(.bytes)
        case .datetime: .simple(.datetime)
        case .duration: .simple(.duration)
        case .none: .simple(.none)
        case .error: .simple(.error)
        case .blob(let blob): .blob(BlobType(format: blob.format, dimensionality: blob.dimensionality))
        case .collection(let elements): NaturalType.collection(of: elements.map(\.naturalType))
        case .map(let entries): NaturalType.map(of: entries.keys.sorted().compactMap { entries[$0]?.naturalType })
        }
    }
}

extension Binding {
    /// The binding's type as far as it is known without the graph: literals' natural types,
    /// futures' recorded `type` (which compilation fills in), collections and maps built from
    /// their parts. Nil when a part's type is unknown.
    var knownType: LiteralType? {
        switch self {
        case .literal(let literal): return literal.naturalType
        case .future(let future): return future.type
        case .collection(let bindings):
            let parts = bindings.map(\.knownType)
            return parts.contains(nil) ? nil : NaturalType.collection(of: parts.compactMap { $0 })
        case .map(let bindings):
            let parts = bindings.keys.sorted().map { bindings[$0]?.knownType }
            return parts.contains(nil) ? nil : NaturalType.map(of: parts.compactMap { $0 })
        }
    }
}

enum NaturalType {
    static func collection(of elements: [LiteralType]) -> LiteralType {
        let kinds = distinct(elements)
        switch kinds.count {
        case 0: return .collection(.simple(.none))
        case 1: return .collection(kinds[0])
        default: return .collection(.union(kinds))
        }
    }

    static func map(of values: [LiteralType]) -> LiteralType {
        let kinds = distinct(values)
        return kinds.count == 1 ? .map(kinds[0]) : .simple(.struct)
    }

    private static func distinct(_ types: [LiteralType]) -> [LiteralType] {
        types.reduce(into: []) { found, type in
            if !found.contains(type) { found.append(type) }
        }
    }
}
