import SluiceCore
import SluiceWire

/// Runs a workflow body written as plain code (Flowy's model) as a sequence of decisions. Each
/// decision is an attempt of the body's task (see ``AttemptRunner``): the body runs again from
/// the top, replays what is recorded, and returns the calls it made past the recorded ones,
/// then either its outputs or the calls whose values it waits for (see ``BodyDecision``).
///
/// The calls join the execution under the node's id ("video/n3") as one growing scope, each a
/// node like any other; a failed call fails the calls that take its output without running them,
/// not the body, which decides what a failure means. The next decision is queued once a call
/// the last one waits for has ended, and never while one runs: results that arrive meanwhile
/// are in the next. The node ends once the body has returned and every call it made has ended.
enum BodyNodeHandler: AttemptingNodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        guard let task = task(of: node, in: machine) else {
            machine.fail(id, .unknownTask, "the body's task is not part of the compiled workflow")
            return
        }
        machine.nodes.update(id) { $0.state = .body(AttemptState(), BodyState()) }
        machine.openScope(key: id, workflow: emptyWorkflow(of: task), inputs: node.inputs, owner: id, isBody: true)
        // A decision is never cached, whatever the node says: its calls are.
        AttemptRunner.begin(id, task: task, caching: false, in: &machine)
    }

    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        DynamicNodeHandler.task(of: node, in: machine)
    }

    static func resultInterface(of task: TaskSpec) -> TypedInterface {
        BodyDecision.resultInterface
    }

    /// A decision is told how many calls are recorded and their digest, and the values of the
    /// calls decisions have read (an error literal for one that failed).
    static func prepare(_ assignment: inout AttemptAssignment, of id: String, in machine: ExecutionMachine) {
        guard let body = machine.nodes[id]?.body else { return }
        assignment.history = BodyHistory(calls: body.progress.calls, digest: body.progress.historyDigest)
        assignment.resolved = resolved(id, body: body, in: machine)
    }

    /// Adds to a queued decision the values of calls that ended since (see
    /// ``ExecutionMachine/deliverable(_:persistedThrough:)``).
    static func refresh(_ assignment: inout AttemptAssignment, of id: String, persistedThrough: UInt64, in machine: ExecutionMachine) {
        guard let body = machine.nodes[id]?.body, !body.fresh.isEmpty else { return }
        assignment.resolved = resolved(id, body: body, in: machine, persistedThrough: persistedThrough)
    }

    /// The values of the calls read, then of those ended since the last decision (as far as
    /// ``BodyDecision/mostResolvedBytes`` allows: they only spare a decision, the read ones are
    /// needed, and ``decideNext(_:in:)`` holds those to the limit).
    private static func resolved(
        _ id: String, body: BodyState, in machine: ExecutionMachine, persistedThrough: UInt64 = .max, includingFresh: Bool = true
    ) -> [Future] {
        var futures: [Future] = []
        var bytes = 0
        let fresh = includingFresh ? body.fresh.filter { !body.read.contains($0) } : []
        for (index, call) in (body.progress.read + fresh).enumerated() {
            guard let node = machine.nodes[id + "/" + call], node.phase.isTerminal, node.endSequence <= persistedThrough else { continue }
            if node.phase == .succeeded {
                for name in node.outputs.keys.sorted() {
                    let future = Future(value: node.outputs[name], reference: OutputReference(nodeID: call, output: name))
                    if !fresh.isEmpty {
                        bytes += (try? future.serializedBytes().count) ?? 0
                        if index >= body.progress.read.count, bytes > BodyDecision.mostResolvedBytes { return futures }
                    }
                    futures.append(future)
                }
            } else {
                let error = node.error ?? ExecutionError(.upstreamFailed, "the call ended \(node.phase)")
                let kind: ErrorKind = node.phase == .timedOut ? .timeout : error.kind
                futures.append(Future(
                    value: .error(LiteralError(message: error.message, kind: kind, nodeID: call, code: error.code)),
                    reference: OutputReference(nodeID: call, output: "")))
            }
        }
        return futures
    }

    // MARK: Decisions

    /// A decision returned: its calls join the scope, and the body goes on.
    static func attemptsSucceeded(_ id: String, outputs: [String: Literal], in machine: inout ExecutionMachine) {
        let decision: DynamicResult
        let compiled: CompiledWorkflow
        do {
            (decision, compiled) = try BodyDecision.read(outputs)
        } catch {
            stopBody(id, .badOutputs, "\(error)", in: &machine)
            return
        }
        guard var body = machine.nodes[id]?.body, let scope = machine.scopes[id] else { return }
        let recorded = scope.workflow.spec?.nodes ?? []
        if decision.diverged {
            stopBody(id, .nonDeterministic, BodyDecision.divergence(recorded: recorded, made: decision.nodes), in: &machine)
            return
        }
        let all = compiled.spec?.nodes ?? []
        guard decision.firstCall == body.progress.calls, all.count >= recorded.count else {
            stopBody(id, .nonDeterministic, "the decision sent its calls from number \(decision.firstCall + 1) on, but \(recorded.count) are recorded", in: &machine)
            return
        }
        if !decision.complete, body.progress.decisions + 1 >= BodyDecision.mostDecisions {
            stopBody(id, .bodyStuck, "the body took \(body.progress.decisions + 1) decisions without returning, the most one body may; "
                + "a body that reads one value per step should read several at once, or run its loop in a task", in: &machine)
            return
        }
        let added = addedCalls(compiled, after: recorded.count, complete: decision.complete, scope: scope)
        if let problem = problem(with: added, in: scope, machine: machine) {
            stopBody(id, .badOutputs, problem, in: &machine)
            return
        }
        // Only the body's own calls, each once, however many times a decision names them.
        var calls = Set(recorded.map(\.id))
        for node in added.spec?.nodes ?? [] { calls.insert(node.id) }
        var awaited = Set<String>()
        let awaiting = decision.awaiting.map(\.nodeID).filter { calls.contains($0) && awaited.insert($0).inserted }
        if !decision.complete, awaiting.isEmpty {
            stopBody(id, .bodyStuck, "the body stopped without returning and without reading a value it waits for", in: &machine)
            return
        }
        let newlyRead = (decision.read + awaiting).filter { calls.contains($0) && body.read.insert($0).inserted }
        body.progress.decisions += 1
        body.progress.calls = UInt32(all.count)
        body.progress.historyDigest = decision.historyDigest
        body.progress.awaiting = awaiting
        body.progress.read += newlyRead
        body.progress.complete = decision.complete
        body.unended += all.count - recorded.count
        var event = body.progress
        event.read = newlyRead
        let first = machine.nodes.update(id) { node in
            node.body = body
            // Each decision has the whole retry budget.
            node.attempts.userFailures = 0
            node.attempts.systemFailures = 0
            return !node.announced
        } ?? false
        machine.recordNode(id, phase: .dynamicRunning, includeInputs: first, task: machine.nodes[id]?.attempts.task, subgraph: added, body: event)
        machine.activeTasks.remove(id)
        machine.extendScope(id, with: added)
        decideNext(id, in: &machine)
        machine.finishIfFailedAndIdle()
    }

    /// What is wrong with the calls a decision added, compiled, if anything: an id already in
    /// use would stand for two calls. (Admin's compile refuses these; a result that reached the
    /// engine another way is checked too.)
    private static func problem(with added: CompiledWorkflow, in scope: ScopeRuntime, machine: ExecutionMachine) -> String? {
        var seen = Set<String>()
        for node in added.spec?.nodes ?? [] where !seen.insert(node.id).inserted || machine.nodes[scope.prefix + node.id] != nil {
            return "the body's decision names call \(node.id) twice"
        }
        return nil
    }

    /// The calls a decision added to those recorded, with the tasks and workflows they bring.
    private static func addedCalls(_ compiled: CompiledWorkflow, after recorded: Int, complete: Bool, scope: ScopeRuntime) -> CompiledWorkflow {
        let nodes = Array((compiled.spec?.nodes ?? []).dropFirst(recorded))
        var spec = WorkflowSpec(id: compiled.spec?.id, interface: scope.workflow.spec?.interface, nodes: nodes)
        if complete { spec.outputs = compiled.spec?.outputs ?? [:] }
        let workflows = Set(scope.workflow.subWorkflows.compactMap(\.spec?.id))
        return CompiledWorkflow(
            spec: spec,
            tasks: compiled.tasks.filter { task in task.id.map { scope.tasks[$0] == nil } ?? false },
            subWorkflows: compiled.subWorkflows.filter { workflow in workflow.spec?.id.map { !workflows.contains($0) } ?? false })
    }

    /// What comes next once nothing is deciding: the body's end, once it has returned and every
    /// call has ended; another decision, once a call it waits for has ended.
    static func decideNext(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], !node.phase.isTerminal, let body = node.body,
              node.attempts.currentAttemptID == nil else { return }
        if body.progress.complete {
            if body.unended == 0 { finish(id, body: body, in: &machine) }
            return
        }
        guard machine.canStartNodes,
              body.progress.awaiting.contains(where: { machine.nodes.read(id + "/" + $0, { $0.phase.isTerminal }) == true })
        else { return }
        let size = resolved(id, body: body, in: machine, includingFresh: false).reduce(0) { $0 + ((try? $1.serializedBytes().count) ?? 0) }
        guard size <= BodyDecision.mostResolvedBytes else {
            stopBody(id, .bodyStuck, "the values the body reads take \(size) bytes, over the limit of \(BodyDecision.mostResolvedBytes); "
                + "pass large values from call to call as futures (or as blobs) instead of reading them", in: &machine)
            return
        }
        machine.activeTasks.insert(id)
        AttemptRunner.queueAttempt(id, number: node.attempts.attempt + 1, notBefore: nil, in: &machine)
        machine.nodes.update(id) { node in node.body?.fresh = [] }
    }

    /// The body returned and its calls have ended: its outputs are what it returned. One that
    /// takes a failed call's value fails the body with that call's error; failed calls nobody
    /// read or returned are warnings on the node.
    private static func finish(_ id: String, body: BodyState, in machine: inout ExecutionMachine) {
        guard let scope = machine.scopes[id] else { return }
        let bindings = scope.workflow.spec?.outputs ?? [:]
        var returned = Set<String>()
        for binding in bindings.values {
            for future in binding.futures { if let call = future.reference?.nodeID, !call.isEmpty { returned.insert(call) } }
        }
        var progress = body.progress
        progress.read = []
        progress.warnings = warnings(id, scope: scope, read: body.read, returned: returned, in: machine)
        for call in returned.sorted() {
            guard let failed = machine.nodes[id + "/" + call], failed.phase != .succeeded else { continue }
            var error = ExecutionError(
                .upstreamFailed, "the body returned the output of call \(call), which did not succeed: \(failed.error?.message ?? "\(failed.phase)")")
            error.nodeID = id
            machine.finishNode(id, phase: .failed, error: error, body: progress)
            return
        }
        do {
            let outputs = try machine.resolver(for: id).resolve(bindings)
            machine.finishNode(id, phase: .succeeded, outputs: outputs, body: progress)
        } catch {
            var failure = ExecutionError(.badOutput, "cannot resolve the body's outputs: \(error.description)")
            failure.nodeID = id
            machine.finishNode(id, phase: .failed, error: failure, body: progress)
        }
    }

    /// The most warnings recorded on a body; more are counted.
    static let mostWarnings = 20

    private static func warnings(_ id: String, scope: ScopeRuntime, read: Set<String>, returned: Set<String>, in machine: ExecutionMachine) -> [String] {
        let unhandled: [String] = scope.nodeIDs.compactMap { callID in
            guard let call = machine.nodes[callID], call.phase.isFailure, !read.contains(call.specID), !returned.contains(call.specID),
                  call.error?.code != EngineCode.upstreamFailed.rawValue else { return nil }
            return "call \(call.specID) failed and no code read its value or returned it: \(call.error?.message ?? "\(call.phase)")"
        }
        guard unhandled.count > mostWarnings else { return unhandled }
        return unhandled.prefix(mostWarnings) + ["and \(unhandled.count - mostWarnings) more calls failed that no code read or returned"]
    }

    /// A call ended: the body may go on.
    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine) {
        let call = machine.nodes.read(childID, { $0.specID }) ?? childID
        machine.nodes.update(id) { node in
            node.body?.unended -= 1
            if node.body?.read.contains(call) == false { node.body?.fresh.append(call) }
        }
        decideNext(id, in: &machine)
    }

    static func attemptsFailed(_ id: String, phase: NodePhase, error: ExecutionError, in machine: inout ExecutionMachine) {
        machine.abortScope(id)
        machine.finishNode(id, phase: phase, error: error)
    }

    /// Fails the body, stopping what its calls run.
    private static func stopBody(_ id: String, _ code: EngineCode, _ message: String, in machine: inout ExecutionMachine) {
        machine.abortScope(id)
        machine.fail(id, code, message)
    }

    /// Its timeout: its decision and its calls stop.
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        AttemptRunner.stop(id, in: &machine)
        machine.abortScope(id)
    }

    // MARK: Restart

    /// Rebuilds the body's calls from the record, and where its decisions were.
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        AttemptRunner.restore(id, from: record, in: &machine)
        guard let node = machine.nodes[id], let task = task(of: node, in: machine) else { return }
        let subgraph = record.subgraph ?? emptyWorkflow(of: task)
        machine.restoreScope(key: id, workflow: subgraph, inputs: node.inputs, owner: id, records: records, isBody: true)
        // Each decision has the whole retry budget: only failures since the last decision
        // that returned count, not those of the decisions before it.
        let attempts = record.attempts.sorted { $0.number < $1.number }
        let sinceLastDecision = attempts.lastIndex { $0.phase == .succeeded }.map { attempts[($0 + 1)...] } ?? attempts[...]
        let failed = sinceLastDecision.dropLast().filter { $0.phase.isTerminal && $0.phase != .succeeded }
        machine.nodes.update(id) { node in
            node.attempts.systemFailures = UInt32(failed.filter { $0.phase == .lost || $0.error?.kind == .system }.count)
            node.attempts.userFailures = UInt32(failed.count) - node.attempts.systemFailures
        }
        var body = BodyState(progress: record.body ?? BodyProgress())
        body.read = Set(body.progress.read)
        body.unended = (machine.scopes[id]?.nodeIDs ?? []).filter { machine.nodes.read($0, { $0.phase.isTerminal }) != true }.count
        machine.nodes.update(id) { $0.body = body }
    }

    /// A decision that was running goes on as attempts do; otherwise calls whose inputs failed
    /// meanwhile fail, and the body goes on.
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        let last = record.attempts.max(by: { $0.number < $1.number })
        if last == nil || last?.phase != .succeeded {
            AttemptRunner.resume(id, from: record, in: &machine)
            return
        }
        machine.activeTasks.remove(id)
        machine.rearmNodeTimeout(id, from: record)
        for callID in machine.scopes[id]?.nodeIDs ?? [] {
            guard let call = machine.nodes[callID], !call.hasStarted else { continue }
            if let failed = call.spec.dependencies.sorted().first(where: { dependency in
                machine.nodes.read(id + "/" + dependency, { $0.phase.isTerminal && $0.phase != .succeeded }) == true
            }) {
                machine.failUpstream(callID, dependency: failed, in: id)
            }
        }
        decideNext(id, in: &machine)
    }

    private static func emptyWorkflow(of task: TaskSpec) -> CompiledWorkflow {
        CompiledWorkflow(spec: WorkflowSpec(id: Identifier(name: "\(task.id?.name ?? "body")@run", version: task.id?.version ?? ""), interface: task.interface))
    }
}
