import SluiceWire

extension LiteralType {
    /// Problems with the type as declared, before any value is checked against it: an
    /// unspecified simple type, a union of fewer than two variants, a struct field without a
    /// name or type, or a field named twice. Each message says where in the type ("values.x:").
    /// Empty when the type is well formed.
    public func definitionProblems() -> [String] {
        var found: [String] = []
        collectDefinitionProblems(at: "", into: &found)
        return found
    }

    private func collectDefinitionProblems(at path: String, into found: inout [String]) {
        func report(_ message: String) {
            found.append(path.isEmpty ? message : "\(path): \(message)")
        }
        func child(_ step: String) -> String { path.isEmpty ? step : "\(path).\(step)" }
        switch self {
        case .simple(let simple):
            if simple == .unspecified { report("the type is unspecified") }
        case .collection(let element):
            element.collectDefinitionProblems(at: child("elements"), into: &found)
        case .map(let value):
            value.collectDefinitionProblems(at: child("values"), into: &found)
        case .blob:
            break
        case .union(let variants):
            if variants.count < 2 { report("a union needs at least two variants, has \(variants.count)") }
            for (index, variant) in variants.enumerated() {
                variant.collectDefinitionProblems(at: child("variant \(index + 1)"), into: &found)
            }
        case .struct(let structType):
            var seen: Set<String> = []
            for (index, field) in structType.fields.enumerated() {
                guard !field.name.isEmpty else {
                    report("field \(index + 1) of \(structType.displayName) has no name")
                    continue
                }
                if !seen.insert(field.name).inserted {
                    report("\(structType.displayName) declares field '\(field.name)' twice")
                }
                if let fieldType = field.type {
                    fieldType.collectDefinitionProblems(at: child(field.name), into: &found)
                } else {
                    report("field '\(field.name)' of \(structType.displayName) has no type")
                }
            }
        }
    }
}
