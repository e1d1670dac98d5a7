import SluiceWire

extension Node {
    /// The ids of the nodes this node waits for: producers of the futures in its inputs (at any
    /// depth of collections and maps), its `upstream` nodes, and for a branch node the same for
    /// every case node. References to the workflow's own inputs are not nodes and are left out.
    public var dependencies: Set<String> {
        var found = Set(upstream)
        for binding in inputs.values { binding.collectProducers(into: &found) }
        if case .branch(let branch)? = kind {
            for caseNode in branch.cases.compactMap(\.thenNode) + (branch.elseNode.map { [$0] } ?? []) {
                found.formUnion(caseNode.dependencies)
            }
        }
        return found
    }
}

extension Binding {
    /// Every future this binding holds, at any depth.
    public var futures: [Future] {
        switch self {
        case .literal: []
        case .future(let future): [future]
        case .collection(let bindings): bindings.flatMap(\.futures)
        case .map(let bindings): bindings.keys.sorted().flatMap { bindings[$0]?.futures ?? [] }
        }
    }

    /// Walks the binding in place rather than through ``futures``: a node fed by a thousand
    /// futures would otherwise build an array for each of them.
    fileprivate func collectProducers(into found: inout Set<String>) {
        switch self {
        case .literal:
            break
        case .future(let future):
            if let producer = future.reference?.nodeID, !producer.isEmpty { found.insert(producer) }
        case .collection(let bindings):
            for binding in bindings { binding.collectProducers(into: &found) }
        case .map(let bindings):
            for binding in bindings.values { binding.collectProducers(into: &found) }
        }
    }
}
