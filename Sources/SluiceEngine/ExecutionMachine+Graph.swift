import SluiceCore
import SluiceWire

// How nodes become ready, end, and make their scopes and the execution end.
extension ExecutionMachine {
    /// New nodes start only while the execution runs and nothing has failed.
    var canStartNodes: Bool { phase == .running && failure == nil }

    /// Creates the nodes of a workflow instance and starts those with nothing to wait for.
    mutating func openScope(key: String, workflow: CompiledWorkflow, inputs: [String: Literal], owner: String?, isBody: Bool = false) {
        var scope = ScopeRuntime(key: key, workflow: workflow, inputs: inputs, isBody: isBody)
        let specNodes = workflow.spec?.nodes ?? []
        let specIDs = Set(specNodes.map(\.id))
        nodes.reserveCapacity(nodes.count + specNodes.count)
        scope.nodeIDs.reserveCapacity(specNodes.count)
        for node in specNodes {
            let dependencies = node.dependencies.intersection(specIDs)
            let id = scope.prefix + node.id
            var runtime = NodeRuntime(
                id: id, specID: node.id, scope: key, parent: owner ?? "", spec: node, membership: .scope)
            runtime.pendingDependencies = dependencies.count
            nodes[id] = runtime
            scope.nodeIDs.append(id)
            for dependency in dependencies { scope.dependents[dependency, default: []].append(id) }
        }
        scope.unfinished = scope.nodeIDs.count
        scopes[key] = scope
        if scope.nodeIDs.isEmpty, !isBody {
            scopeCompleted(key)
        } else {
            startReadyNodes(in: key)
        }
    }

    /// Adds the calls a workflow body's decision made to its scope, and starts those whose
    /// inputs are there; a call that depends on one that failed fails without running. The
    /// new nodes may depend on the scope's earlier ones, whatever state those are in.
    mutating func extendScope(_ key: String, with added: CompiledWorkflow) {
        guard var scope = scopes.removeValue(forKey: key) else { return }
        let newNodes = added.spec?.nodes ?? []
        scope.workflow.spec?.nodes += newNodes
        if let outputs = added.spec?.outputs, !outputs.isEmpty { scope.workflow.spec?.outputs = outputs }
        for task in added.tasks {
            guard let id = task.id, scope.tasks[id] == nil else { continue }
            scope.tasks[id] = task
            scope.workflow.tasks.append(task)
        }
        scope.workflow.subWorkflows += added.subWorkflows
        // All of them first: one may wait for another made in the same decision.
        for node in newNodes {
            let id = scope.prefix + node.id
            nodes[id] = NodeRuntime(id: id, specID: node.id, scope: key, parent: key, spec: node, membership: .scope)
            scope.nodeIDs.append(id)
        }
        var ready: [String] = []
        var upstreamFailed: [(id: String, dependency: String)] = []
        for node in newNodes {
            let id = scope.prefix + node.id
            var pending = 0
            var failedDependency: String?
            for dependency in node.dependencies.sorted() {
                guard let phase = nodes.read(scope.prefix + dependency, { $0.phase }) else { continue }
                if phase == .succeeded { continue }
                if phase.isTerminal {
                    failedDependency = failedDependency ?? dependency
                } else {
                    pending += 1
                    scope.dependents[dependency, default: []].append(id)
                }
            }
            nodes.update(id) { $0.pendingDependencies = pending }
            if let failedDependency {
                upstreamFailed.append((id, failedDependency))
            } else if pending == 0 {
                ready.append(id)
            }
        }
        scope.unfinished += newNodes.count
        scopes[key] = scope
        for (id, dependency) in upstreamFailed { failUpstream(id, dependency: dependency, in: key) }
        for id in ready { startNode(id) }
    }

    /// Fails a body's call that was not run because a call it depends on did not succeed.
    mutating func failUpstream(_ id: String, dependency: String, in scopeKey: String) {
        guard let prefix = scopes[scopeKey]?.prefix, nodes.read(id, { $0.hasStarted }) == false else { return }
        let cause = nodes.read(prefix + dependency, { node in
            node.error.map { ": \($0.message)" } ?? " (\(node.phase))"
        }) ?? ""
        fail(id, .upstreamFailed, "not run: call \(dependency), whose output it takes, did not succeed\(cause)")
    }

    /// Starts the scope's ready nodes from its `start`th node on. A limited start turn that
    /// runs out leaves the scope, and where it stopped, for the next turn: every node before
    /// that has started or waits for a dependency, whose end starts it.
    mutating func startReadyNodes(in scopeKey: String, from start: Int = 0) {
        guard let ids = scopes[scopeKey]?.nodeIDs, start < ids.count else { return }
        for index in start..<ids.count where canStartNodes {
            let id = ids[index]
            guard nodes.read(id, { !$0.hasStarted && $0.pendingDependencies == 0 }) == true else { continue }
            if let left = startsLeft {
                if left == 0 {
                    scopesLeftToStart.append((scopeKey, index))
                    return
                }
                startsLeft = left - 1
            }
            startNode(id)
        }
    }

    /// Resolves the node's inputs and hands it to its kind's handler.
    mutating func startNode(_ id: String) {
        guard canStartNodes, let (scope, timeout, bindings) = nodes.read(id, { node in
            node.hasStarted ? nil : (node.scope, node.spec.metadata?.timeout, node.spec.inputs)
        }) ?? nil else { return }
        // The resolver holds the node table, so it must be done with before the table is
        // accessed in place again (the table would be copied whole).
        let inputs: [String: Literal]
        do {
            inputs = try resolver(for: scope).resolve(bindings)
        } catch {
            fail(id, .badInput, "cannot resolve its inputs: \(error.description)")
            return
        }
        let kind = nodes.update(id) { node in
            node.inputs = inputs
            return node.spec.kind
        }
        if let timeout, timeout > .zero {
            setTimer(at: now + timeout, .nodeTimeout(nodeID: id))
        }
        NodeKinds.handler(for: kind ?? nil).start(id, in: &self)
    }

    /// The resolver for bindings in a scope: its inputs and its nodes' outputs.
    func resolver(for scopeKey: String) -> BindingResolver {
        let scope = scopes[scopeKey]
        let nodes = self.nodes
        return BindingResolver { nodeID, output in
            guard let scope else { return nil }
            if nodeID.isEmpty { return scope.inputs[output] }
            return nodes[scope.prefix + nodeID]?.outputs[output]
        }
    }

    func handler(for node: NodeRuntime) -> any NodeHandler.Type { NodeKinds.handler(for: node.spec.kind) }

    // MARK: Ending nodes

    /// Records a node's phase change (not its end).
    mutating func recordNode(
        _ id: String, phase: NodePhase, includeInputs: Bool = false, task: Identifier? = nil, elements: Int = 0,
        subgraph: CompiledWorkflow? = nil, body: BodyProgress? = nil
    ) {
        guard let inputs = nodes.update(id, { node in
            node.phase = phase
            node.announced = true
            return includeInputs ? node.inputs : [:]
        }) else { return }
        var event = nodeEvent(id, phase: phase)
        event.inputs = inputs
        event.task = task
        event.elements = UInt32(clamping: elements)
        event.subgraph = subgraph
        event.body = body
        record(.node(event))
    }

    /// Ends a node and tells whoever waits on it. The end of a node that runs attempts and has
    /// recorded nothing yet (a cache hit) is its first event: it carries its inputs and task.
    mutating func finishNode(
        _ id: String, phase: NodePhase, outputs: [String: Literal] = [:], error: ExecutionError? = nil, body: BodyProgress? = nil
    ) {
        guard let (inputs, task) = nodes.update(id, { node -> ([String: Literal], Identifier?)? in
            guard !node.phase.isTerminal else { return nil }
            let first = !node.announced
            node.endSequence = nextSequence
            node.phase = phase
            node.outputs = outputs
            node.error = error
            node.announced = true
            guard first, case .attempts(let attempts) = node.state else { return ([:], nil) }
            return (node.inputs, attempts.task)
        }) ?? nil else { return }
        activeTasks.remove(id)
        var event = nodeEvent(id, phase: phase)
        event.outputs = outputs
        event.error = error
        event.inputs = inputs
        event.task = task
        event.body = body
        record(.node(event))
        nodeEnded(id)
    }

    /// Fails a node with an error of the engine's own (not an attempt's).
    mutating func fail(_ id: String, _ code: EngineCode, _ message: String, phase: NodePhase = .failed) {
        var error = ExecutionError(code, message)
        error.nodeID = id
        finishNode(id, phase: phase, error: error)
    }

    private mutating func nodeEnded(_ id: String) {
        guard let (membership, phase, parent, scope, specID) = nodes.read(id, { ($0.membership, $0.phase, $0.parent, $0.scope, $0.specID) })
        else { return }
        switch membership {
        case .child:
            if let kind = nodes.read(parent, { $0.spec.kind }) { NodeKinds.handler(for: kind).childEnded(id, of: parent, in: &self) }
        case .scope where scopes[scope]?.isBody == true:
            // A body's call: what depends on it runs or fails with it, and the body decides.
            if phase == .succeeded {
                dependencySucceeded(specID, in: scope)
            } else {
                for dependent in scopes[scope]?.dependents[specID] ?? [] {
                    failUpstream(dependent, dependency: specID, in: scope)
                }
            }
            if let kind = nodes.read(scope, { $0.spec.kind }) { NodeKinds.handler(for: kind).childEnded(id, of: scope, in: &self) }
        case .scope:
            if phase == .succeeded {
                dependencySucceeded(specID, in: scope)
            } else if phase.isFailure, let node = nodes[id] {
                scopeNodeFailed(node)
            }
        }
        finishIfFailedAndIdle()
    }

    private mutating func dependencySucceeded(_ specID: String, in scopeKey: String) {
        guard let (unfinished, waiting) = scopes.update(scopeKey, { scope in
            scope.unfinished -= 1
            return (scope.unfinished, scope.dependents[specID] ?? [])
        }) else { return }
        for id in waiting {
            let pending = nodes.update(id) { node in
                node.pendingDependencies -= 1
                return node.pendingDependencies
            }
            if pending == 0 { startNode(id) }
        }
        if unfinished == 0 { scopeCompleted(scopeKey) }
    }

    /// Every node of the scope succeeded: its outputs are ready.
    mutating func scopeCompleted(_ key: String) {
        // A body's node ends when the body has returned, which the body decides.
        guard let scope = scopes[key], !scope.isBody else { return }
        let bindings = scope.workflow.spec?.outputs ?? [:]
        let outputs: [String: Literal]
        do {
            outputs = try resolver(for: key).resolve(bindings)
        } catch {
            if key.isEmpty {
                terminate(.failed, error: ExecutionError(.badOutput, "cannot resolve the workflow's outputs: \(error.description)"), abort: nil)
            } else {
                fail(key, .badOutput, "cannot resolve the sub-workflow's outputs: \(error.description)")
            }
            return
        }
        if key.isEmpty {
            guard phase == .running else { return }
            phase = .succeeded
            var event = ExecutionEvent()
            event.phase = .succeeded
            event.outputs = outputs
            record(.execution(event))
            effects.append(.finished(.succeeded))
        } else {
            finishNode(key, phase: .succeeded, outputs: outputs)
        }
    }

    private mutating func scopeNodeFailed(_ node: NodeRuntime) {
        if node.scope.isEmpty {
            let error = node.error ?? ExecutionError()
            if failure == nil { failure = error }
            if policy == .failImmediately { terminate(.failed, error: error, abort: nil) }
        } else {
            // The sub-workflow owning the scope fails with its node.
            finishNode(node.scope, phase: .failed, error: node.error)
        }
    }

    /// Stops every node of the scope that has started and not ended (their attempts, their own
    /// children) and records each ABORTED: its owner is being ended from outside (its timeout).
    mutating func abortScope(_ key: String) {
        for id in scopes[key]?.nodeIDs ?? [] { abortRunning(id) }
    }

    /// Stops the node if it has started and not ended, and records it ABORTED.
    mutating func abortRunning(_ id: String) {
        guard let node = nodes[id], node.hasStarted, !node.phase.isTerminal else { return }
        handler(for: node).stop(id, in: &self)
        activeTasks.remove(id)
        nodes.update(id) { node in
            node.phase = .aborted
            node.announced = true
        }
        record(.node(nodeEvent(id, phase: .aborted)))
    }

    /// Under FAIL_AFTER_RUNNING_NODES the execution ends once nothing runs any more.
    mutating func finishIfFailedAndIdle() {
        guard let failure, !phase.isTerminal, activeTasks.isEmpty else { return }
        terminate(.failed, error: failure, abort: nil)
    }

    mutating func nodeTimedOut(_ id: String) {
        guard let node = nodes[id], node.hasStarted, !node.phase.isTerminal else { return }
        handler(for: node).stop(id, in: &self)
        let limit = node.spec.metadata?.timeout.map(describe) ?? "?"
        fail(id, .timeout, "the node did not finish within its timeout of \(limit)", phase: .timedOut)
    }

    /// Ends the execution: cancels what runs, marks unfinished nodes ABORTED, records the phase.
    mutating func terminate(_ final: ExecutionPhase, error: ExecutionError?, abort: AbortInfo?) {
        guard !phase.isTerminal else { return }
        phase = final
        for (attemptID, nodeID) in currentAttempts.sorted(by: { $0.key < $1.key }) {
            effects.append(.cancel(attemptID: attemptID))
            recordAttempt(nodeID, attemptID: attemptID, phase: .aborted)
        }
        currentAttempts.removeAll()
        activeTasks.removeAll()
        // Others waiting on a key this execution reserved must not wait for its expiry.
        for id in nodes.keys.sorted() where nodes[id]?.cache?.holdsReservation == true {
            AttemptRunner.releaseReservation(id, in: &self)
        }
        for id in nodes.keys.sorted() {
            guard let node = nodes[id], node.hasStarted, !node.phase.isTerminal else { continue }
            nodes.update(id) { node in
                node.phase = .aborted
                node.announced = true
            }
            record(.node(nodeEvent(id, phase: .aborted)))
        }
        var event = ExecutionEvent()
        event.phase = final
        event.error = error
        event.abort = abort
        record(.execution(event))
        effects.append(.finished(final))
    }
}
