import SluiceWire

/// The persisted node executions of one execution, by node id.
struct RecordIndex {
    private let byID: [String: NodeExecution]

    init(_ records: [NodeExecution]) {
        var byID: [String: NodeExecution] = [:]
        for record in records { byID[record.nodeID] = record }
        self.byID = byID
    }

    func node(_ id: String) -> NodeExecution? { byID[id] }
}

// Rebuilding a machine from what admin persisted, after the scheduler restarted.
extension ExecutionMachine {
    /// A machine for an execution that was running when its scheduler stopped, and the
    /// effects that carry it on: attempts dispatched again (with their old fencing tokens,
    /// so an executor still running one can still report it), timers set again, decisions the
    /// crash interrupted made. Nil when the state lacks the execution or its workflow.
    /// `startingAtMost` limits how many nodes a new execution's first turn starts (see
    /// ``start(now:startingAtMost:)``).
    public static func restoring(
        _ state: ExecutionState, now: Timestamp, startingAtMost limit: Int? = nil
    ) -> (machine: ExecutionMachine, effects: [EngineEffect])? {
        guard let execution = state.execution, let workflow = state.workflow else { return nil }
        var machine = ExecutionMachine(execution: execution, workflow: workflow)
        if execution.phase.isTerminal { return (machine, []) }
        for signal in state.signals where signal.value != nil { machine.signals[signal.signalID] = signal }
        var effects: [EngineEffect] = []
        if execution.phase == .queued || execution.phase == .unspecified {
            effects = machine.start(now: now, startingAtMost: limit)
        } else {
            machine.begin(now)
            machine.phase = .running
            let records = RecordIndex(state.nodes)
            machine.restoreScope(key: "", workflow: workflow, inputs: machine.spec.inputs, owner: nil, records: records)
            machine.resumeRestored(records: records)
            if let timeout = machine.spec.timeout, timeout > .zero, let startedAt = machine.startedAt {
                machine.setTimer(at: startedAt + timeout, .executionTimeout)
            }
            effects = machine.drain()
        }
        if let abort = execution.abort, !machine.phase.isTerminal {
            effects += machine.abort(abort, now: now)
        }
        return (machine, effects)
    }

    /// Creates a scope's nodes and restores the started ones, without starting anything.
    mutating func restoreScope(
        key: String, workflow: CompiledWorkflow, inputs: [String: Literal], owner: String?, records: RecordIndex, isBody: Bool = false
    ) {
        var scope = ScopeRuntime(key: key, workflow: workflow, inputs: inputs, isBody: isBody)
        let specNodes = workflow.spec?.nodes ?? []
        let specIDs = Set(specNodes.map(\.id))
        for node in specNodes {
            let id = scope.prefix + node.id
            nodes[id] = NodeRuntime(id: id, specID: node.id, scope: key, parent: owner ?? "", spec: node, membership: .scope)
            scope.nodeIDs.append(id)
            for dependency in node.dependencies.intersection(specIDs) {
                scope.dependents[dependency, default: []].append(id)
            }
        }
        scopes[key] = scope
        for id in scope.nodeIDs { restoreNode(id, records: records) }
    }

    /// Restores one node's persisted state; unfinished nodes are rebuilt by their handlers.
    mutating func restoreNode(_ id: String, records: RecordIndex) {
        guard let record = records.node(id), var node = nodes[id] else { return }
        node.phase = record.phase
        node.inputs = record.inputs
        node.outputs = record.outputs
        node.error = record.error
        node.announced = true
        nodes[id] = node
        if record.phase.isTerminal || !node.hasStarted { return }
        restoredNodes.append(id)
        handler(for: node).restore(id, from: record, in: &self, records: records)
    }

    /// Once every scope is rebuilt: dependency counts, then each restored node carries on, then
    /// nodes that became ready while nobody was scheduling start.
    mutating func resumeRestored(records: RecordIndex) {
        for key in scopes.keys.sorted(by: { $0.count < $1.count }) {
            guard var scope = scopes[key] else { continue }
            scope.unfinished = scope.nodeIDs.filter { nodes[$0]?.phase != .succeeded }.count
            scopes[key] = scope
            for id in scope.nodeIDs {
                guard let spec = nodes[id]?.spec else { continue }
                let pending = spec.dependencies.filter { dependency in
                    nodes[scope.prefix + dependency].map { $0.phase != .succeeded } ?? false
                }.count
                nodes[id]?.pendingDependencies = pending
            }
        }
        // A failure that was recorded but not yet acted on.
        let failed = nodes.values.filter { $0.phase.isFailure && $0.membership == .scope && $0.scope.isEmpty }
        if let first = failed.min(by: { $0.id < $1.id }), failure == nil {
            failure = first.error ?? ExecutionError()
        }
        let restored = restoredNodes
        restoredNodes.removeAll()
        for id in restored {
            guard let node = nodes[id], let record = records.node(id) else { continue }
            handler(for: node).resume(id, from: record, in: &self)
        }
        if let failure, policy == .failImmediately {
            terminate(.failed, error: failure, abort: nil)
            return
        }
        for key in scopes.keys.sorted(by: { $0.count < $1.count }) {
            guard let scope = scopes[key] else { continue }
            let owner = key.isEmpty ? nil : nodes[key]
            if owner.map({ $0.phase.isTerminal }) ?? false { continue }
            if scope.unfinished == 0 {
                scopeCompleted(key)
            } else {
                startReadyNodes(in: key)
            }
        }
        finishIfFailedAndIdle()
    }

    /// Sets a restored node's own timeout again, from when it started: the timer set when it
    /// started was lost with the process.
    mutating func rearmNodeTimeout(_ id: String, from record: NodeExecution) {
        guard let timeout = nodes.read(id, { $0.spec.metadata?.timeout }) ?? nil, timeout > .zero,
              let startedAt = record.startedAt else { return }
        setTimer(at: startedAt + timeout, .nodeTimeout(nodeID: id))
    }
}
