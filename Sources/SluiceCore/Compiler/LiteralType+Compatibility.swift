import SluiceWire

extension LiteralType {
    /// Whether a value of this type may be bound to an input declared as `inputType`: the same
    /// type; a union input that admits it; a generic struct input given a map or struct;
    /// collections and maps whose elements may be bound; a blob whose format and dimensionality
    /// the input allows. Nothing else is converted: an int does not bind to a float.
    public func canBind(to inputType: LiteralType) -> Bool {
        if self == inputType { return true }
        switch (self, inputType) {
        case (.union(let variants), _):
            // Every value the producer may give must fit.
            return !variants.isEmpty && variants.allSatisfy { $0.canBind(to: inputType) }
        case (_, .union(let variants)):
            return variants.contains { canBind(to: $0) }
        case (.map, .simple(.struct)), (.struct, .simple(.struct)):
            return true
        case (.collection(let element), .collection(let inputElement)),
             (.map(let element), .map(let inputElement)):
            return element.canBind(to: inputElement)
        case (.struct(let produced), .struct(let expected)):
            return produced.hasSameFields(as: expected)
        case (.blob(let produced), .blob(let expected)):
            return (expected.format.isEmpty || produced.format == expected.format)
                && (expected.dimensionality == .unspecified || produced.dimensionality == expected.dimensionality)
        default:
            return false
        }
    }

    /// Whether values of these two types can be compared by `op` in a branch condition. Equality
    /// takes types that could hold the same value (ints and floats compare as numbers; none
    /// compares with anything, to test for absence); ordering takes numbers, strings, datetimes
    /// and durations.
    func isComparable(with other: LiteralType, by op: ComparisonOperator) -> Bool {
        if case .union(let variants) = self { return variants.contains { $0.isComparable(with: other, by: op) } }
        if case .union(let variants) = other { return variants.contains { isComparable(with: $0, by: op) } }
        let numbers: Set<LiteralType> = [.simple(.int), .simple(.float)]
        let sameKind = self == other || (numbers.contains(self) && numbers.contains(other))
        switch op {
        case .eq, .ne:
            return sameKind || self == .simple(.none) || other == .simple(.none)
                || canBind(to: other) || other.canBind(to: self)
        case .gt, .ge, .lt, .le:
            let ordered: Set<LiteralType> = [.simple(.int), .simple(.float), .simple(.string), .simple(.datetime), .simple(.duration)]
            return sameKind && ordered.contains(self)
        case .unspecified:
            return false
        }
    }
}

extension StructType {
    /// Same field names with types that bind to each other's; names and descriptions aside.
    fileprivate func hasSameFields(as other: StructType) -> Bool {
        guard fields.count == other.fields.count else { return false }
        let expected = Dictionary(other.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        return fields.allSatisfy { field in
            guard let producedType = field.type, case let expectedType?? = expected[field.name] else { return false }
            return producedType.canBind(to: expectedType)
        }
    }
}
