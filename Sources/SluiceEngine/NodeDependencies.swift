import SluiceWire

extension Node {
    /// The ids of the sibling nodes this node waits for: the producers of the futures in its
    /// bindings (and, for a branch, in its cases' bindings) and its explicit upstream nodes.
    var siblingDependencies: Set<String> {
        var ids = Set(upstream)
        for binding in inputs.values { binding.collectProducers(into: &ids) }
        if case .branch(let branch) = kind {
            for node in branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap({ $0 }) {
                ids.formUnion(node.siblingDependencies)
            }
        }
        ids.remove("")
        ids.remove(id)
        return ids
    }
}

extension Binding {
    func collectProducers(into ids: inout Set<String>) {
        switch self {
        case .literal: break
        case .future(let future):
            if future.value == nil, let reference = future.reference { ids.insert(reference.nodeID) }
        case .collection(let elements):
            for element in elements { element.collectProducers(into: &ids) }
        case .map(let entries):
            for element in entries.values { element.collectProducers(into: &ids) }
        }
    }
}
