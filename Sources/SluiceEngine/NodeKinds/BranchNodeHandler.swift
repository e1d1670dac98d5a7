import SluiceWire

/// Runs the node of the first case whose condition holds on the branch's inputs (else the
/// else node); the other cases' nodes are SKIPPED. The branch ends as its chosen node does,
/// with its outputs.
enum BranchNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .branch(let branch) = node.spec.kind else { return }
        machine.recordNode(id, phase: .running, includeInputs: true)
        let chosen: Node?
        do {
            chosen = try choose(branch, inputs: node.inputs)
        } catch {
            machine.fail(id, .badCondition, "cannot evaluate the branch's conditions: \(error.description)")
            return
        }
        let candidates = branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap { $0 }
        for candidate in candidates where candidate.id != chosen?.id {
            // The case never becomes a node of its own, so its event names parent and kind here.
            var skipped = NodeEvent()
            skipped.nodeID = childID(of: id, case: candidate)
            skipped.parentNodeID = id
            skipped.kind = candidate.nodeKind
            skipped.phase = .skipped
            // Like any task node that looks nothing up: a skipped task used no cache.
            if candidate.nodeKind == .task { skipped.cache = CacheInfo(status: .disabled) }
            machine.record(.node(skipped))
        }
        guard let chosen else {
            let message = branch.elseError.isEmpty ? "no case of the branch holds and it has no else" : branch.elseError
            machine.fail(id, .noBranchTaken, message)
            return
        }
        let child = childID(of: id, case: chosen)
        machine.nodes[child] = NodeRuntime(
            id: child, specID: chosen.id, scope: node.scope, parent: id, spec: chosen, membership: .child)
        machine.startNode(child)
    }

    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine) {
        guard let child = machine.nodes[childID] else { return }
        switch child.phase {
        case .succeeded: machine.finishNode(id, phase: .succeeded, outputs: child.outputs)
        case .failed, .timedOut: machine.finishNode(id, phase: child.phase, error: child.error)
        default: break
        }
    }

    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        guard let node = machine.nodes[id], case .branch(let branch) = node.spec.kind else { return }
        let candidates = branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap { $0 }
        let chosen = candidates.first { candidate in
            records.node(childID(of: id, case: candidate)).map { $0.phase != .skipped } ?? false
        }
        // When the choice was never persisted, resume() makes it again (it depends only on the inputs).
        guard let chosen else { return }
        let child = childID(of: id, case: chosen)
        machine.nodes[child] = NodeRuntime(
            id: child, specID: chosen.id, scope: node.scope, parent: id, spec: chosen, membership: .child)
        machine.restoreNode(child, records: records)
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .branch(let branch) = node.spec.kind else { return }
        let candidates = branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap { $0 }
        let hasChild = candidates.contains { machine.nodes[childID(of: id, case: $0)] != nil }
        if !hasChild {
            machine.nodes[id]?.phase = .unspecified
            machine.startNode(id)
        } else {
            machine.rearmNodeTimeout(id, from: record)
        }
    }

    /// Its timeout: the chosen case stops (its attempt, or what it runs inside it).
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .branch(let branch) = node.spec.kind else { return }
        for candidate in branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap({ $0 }) {
            let child = childID(of: id, case: candidate)
            machine.abortRunning(child)
        }
    }

    static func childID(of branchID: String, case node: Node) -> String { "\(branchID)/\(node.id)" }

    private static func choose(_ branch: BranchNode, inputs: [String: Literal]) throws(ConditionEvaluator.Failure) -> Node? {
        for branchCase in branch.cases {
            guard let condition = branchCase.condition else { continue }
            if try ConditionEvaluator.holds(condition, inputs: inputs) { return branchCase.thenNode }
        }
        return branch.elseNode
    }
}
