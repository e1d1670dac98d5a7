/// Values of a Sluice type built to tell its parts apart: one plain sample, and one per scalar
/// in it (a leaf) with that leaf alone changed. Decoded into the Swift type, they show which
/// stored field a key path reads (see ``FieldPaths``).
struct SampleValues {
    /// The plain sample, every scalar at its first value.
    let plain: Literal
    /// One sample per leaf: the plain sample with that leaf at its second value.
    let marked: [Literal]

    init(of type: LiteralType) {
        plain = Self.sample(type, marking: nil)
        marked = Self.leaves(of: type).map { Self.sample(type, marking: $0[...]) }
    }

    /// Paths to every scalar in `type`; a collection or map shows one element, as its samples
    /// hold one.
    static func leaves(of type: LiteralType) -> [[PathElement]] {
        switch type {
        case .struct(let structType):
            return structType.fields.flatMap { field in
                leaves(of: field.type ?? .simple(.none)).map { [.key(field.name)] + $0 }
            }
        case .collection(let element):
            return leaves(of: element).map { [.index(0)] + $0 }
        case .map(let value):
            return leaves(of: value).map { [.key(mapKey)] + $0 }
        case .union(let variants):
            return variants.first(where: { $0 != .simple(.none) }).map(leaves(of:)) ?? []
        case .simple, .blob:
            return [[]]
        }
    }

    /// The one key a sample map holds.
    static let mapKey = "key"

    /// A value of `type`; the scalar at `marking` (when given) at its second value.
    private static func sample(_ type: LiteralType, marking: ArraySlice<PathElement>?) -> Literal {
        func inside(_ step: PathElement) -> ArraySlice<PathElement>? {
            guard let marking, marking.first == step else { return nil }
            return marking.dropFirst()
        }
        switch type {
        case .struct(let structType):
            var fields: [String: Literal] = [:]
            for field in structType.fields {
                fields[field.name] = sample(field.type ?? .simple(.none), marking: inside(.key(field.name)))
            }
            return .map(fields)
        case .collection(let element):
            return .collection([sample(element, marking: inside(.index(0)))])
        case .map(let value):
            return .map([mapKey: sample(value, marking: inside(.key(mapKey)))])
        case .union(let variants):
            let variant = variants.first(where: { $0 != .simple(.none) }) ?? .simple(.none)
            return sample(variant, marking: marking)
        case .simple(let simple):
            return scalar(simple, marked: marking?.isEmpty == true)
        case .blob:
            return .none
        }
    }

    private static func scalar(_ type: SimpleType, marked: Bool) -> Literal {
        switch type {
        case .int: .int(marked ? 1 : 0)
        case .float: .float(marked ? 1 : 0)
        case .string: .string(marked ? "b" : "a")
        case .bool: .bool(marked)
        case .bytes: .bytes(marked ? [1] : [])
        case .datetime: .datetime(Timestamp(seconds: marked ? 1 : 0))
        case .duration: .duration(marked ? .seconds(1) : .zero)
        case .struct: .map(marked ? ["marked": .bool(true)] : [:])
        case .none, .error, .unspecified: .none
        }
    }
}
