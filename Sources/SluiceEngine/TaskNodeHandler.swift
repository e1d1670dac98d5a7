import SluiceCore
import SluiceWire

/// Runs a task node: one attempt at a time on an executor, retried by the task's retry policy
/// (user errors) and by the system budget (lost executors).
enum TaskNodeHandler: NodeHandler {
    /// Heartbeat timeout when the task does not set one.
    static let defaultHeartbeatTimeout: Duration = .seconds(30)

    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let (taskID, scope, cacheOverride) = machine.nodes.read(id, { (taskID(of: $0), $0.scope, $0.spec.metadata?.cache) })
        else { return }
        guard let taskID, var task = task(taskID, inScope: scope, of: &machine) else {
            let name = taskID.map { "\($0.name):\($0.version)" } ?? "(none)"
            machine.fail(id, code: "UnknownTask", message: "task \(name) is not part of the compiled workflow")
            return
        }
        if let problem = inputProblem(id, task: task, in: &machine) {
            machine.fail(id, code: "BadInput", message: problem)
            return
        }
        machine.activeTasks.insert(id)
        // The task as caching sees it (see ``cachingSpec(of:in:)``).
        if let cacheOverride { task.cache = cacheOverride }
        if let key = prepareCache(id, caching: task, in: &machine) {
            // Recorded once the catalog answers: a hit is then one event, not two, and the
            // lookup need not wait for a persist. A restart before then starts the node again.
            machine.nodes.update(id) { $0.phase = .running }
            lookUp(id, key: key, serialize: task.cache?.serialize == true, in: &machine)
        } else {
            machine.recordNode(id, phase: .running, includeInputs: true, task: task.id)
            queueAttempt(id, number: 1, notBefore: nil, in: &machine)
        }
    }

    /// Why the node's resolved inputs do not fit the task's declared inputs, if they do not.
    /// The compiler checked the bindings' types, but a value arriving at run time (a gate's
    /// value, an upstream output read by path) is checked here too, so that a value of the
    /// wrong type (none for an int) fails the node instead of reaching the task.
    private static func inputProblem(_ id: String, task: TaskSpec, in machine: inout ExecutionMachine) -> String? {
        guard let interface = task.interface, let inputs = machine.nodes.read(id, { $0.inputs }) else { return nil }
        do {
            _ = try interface.bindInputs(inputs)
            return nil
        } catch {
            return "its inputs do not fit task \(task.id?.name ?? "?")'s interface: \(error)"
        }
    }

    // MARK: Attempts

    static func attemptID(execution: String, node: String, number: UInt32) -> String {
        "\(execution):\(node):\(number)"
    }

    /// What ``attemptID(execution:node:number:)`` made the id of; nil for text it cannot have
    /// made. Execution ids hold no colon, and the number is last.
    static func parts(ofAttemptID attemptID: String) -> (execution: Substring, node: Substring, number: UInt32)? {
        guard let first = attemptID.firstIndex(of: ":"), let last = attemptID.lastIndex(of: ":"), first < last,
              let number = UInt32(attemptID[attemptID.index(after: last)...]) else { return nil }
        return (attemptID[..<first], attemptID[attemptID.index(after: first)..<last], number)
    }

    /// Records attempt `number` QUEUED and dispatches it, now or when its backoff has passed.
    static func queueAttempt(_ id: String, number: UInt32, notBefore: Timestamp?, in machine: inout ExecutionMachine) {
        guard var node = machine.nodes[id] else { return }
        let attemptID = attemptID(execution: machine.executionID, node: id, number: number)
        node.attempt = number
        node.currentAttemptID = attemptID
        let waits = notBefore.map { $0 > machine.now } ?? false
        node.awaitingRetry = waits
        machine.nodes[id] = node
        machine.currentAttempts[attemptID] = id
        machine.recordAttempt(id, attemptID: attemptID, phase: .queued, notBefore: waits ? notBefore : nil)
        if waits, let notBefore {
            machine.setTimer(at: notBefore, .retry(nodeID: id, attempt: number))
        } else {
            dispatch(id, in: &machine)
        }
    }

    static func dispatch(_ id: String, heldBy: String = "", in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], let attemptID = node.currentAttemptID,
              let task = task(of: node, in: machine) else { return }
        var assignment = AttemptAssignment()
        assignment.attemptID = attemptID
        assignment.executionID = machine.executionID
        assignment.nodeID = id
        assignment.attempt = node.attempt
        assignment.task = task
        assignment.inputs = node.inputs
        assignment.timeout = task.timeout
        let heartbeatTimeout = heartbeatTimeout(of: task)
        assignment.heartbeatInterval = AttemptDispatch.heartbeatInterval(forTimeout: heartbeatTimeout)
        let pool = node.spec.metadata.map(\.pool).flatMap { $0.isEmpty ? nil : $0 } ?? task.pool
        machine.effects.append(.dispatch(AttemptDispatch(
            assignment: assignment, pool: pool, heartbeatTimeout: heartbeatTimeout, heldBy: heldBy)))
    }

    static func heartbeatTimeout(of task: TaskSpec) -> Duration {
        if let timeout = task.heartbeatTimeout, timeout > .zero { return timeout }
        return defaultHeartbeatTimeout
    }

    static func retryDue(_ id: String, attempt: UInt32, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.attempt == attempt, node.awaitingRetry,
              !node.phase.isTerminal else { return }
        machine.nodes[id]?.awaitingRetry = false
        dispatch(id, in: &machine)
    }

    static func delivered(_ id: String, attemptID: String, executorID: String, in machine: inout ExecutionMachine) {
        // Recorded so that an attempt running on an executor can be told from one waiting for
        // an executor, and so that a restarted scheduler knows who may still be running it.
        machine.recordAttempt(id, attemptID: attemptID, phase: .running, executorID: executorID)
        guard let node = machine.nodes[id], let task = task(of: node, in: machine),
              let timeout = task.timeout, timeout > .zero else { return }
        machine.setTimer(at: machine.now + timeout, .attemptTimeout(attemptID: attemptID))
    }

    // MARK: Outcomes

    static func succeeded(
        _ id: String, attemptID: String, outputs: [String: Literal], executorID: String, in machine: inout ExecutionMachine
    ) {
        guard let node = machine.nodes[id] else { return }
        let checked: [String: Literal]
        do {
            checked = try (task(of: node, in: machine)?.interface ?? TypedInterface()).checkOutputs(outputs)
        } catch {
            var failure = ExecutionError()
            failure.kind = .user
            failure.code = "BadOutputs"
            failure.message = "the task's outputs do not match its interface: \(error)"
            failed(id, attemptID: attemptID, error: failure, executorID: executorID, in: &machine)
            return
        }
        if storeBeforeSucceeding(id, attemptID: attemptID, outputs: checked, executorID: executorID, in: &machine) { return }
        machine.currentAttempts[attemptID] = nil
        machine.nodes[id]?.currentAttemptID = nil
        machine.recordAttempt(id, attemptID: attemptID, phase: .succeeded, executorID: executorID)
        machine.finishNode(id, phase: .succeeded, outputs: checked)
    }

    static func failed(
        _ id: String, attemptID: String, error: ExecutionError, executorID: String, in machine: inout ExecutionMachine
    ) {
        guard let node = machine.nodes[id] else { return }
        var error = error
        error.nodeID = id
        error.attempt = node.attempt
        if error.kind == .unspecified { error.kind = .user }
        endAttempt(id, attemptID: attemptID, phase: error.code == "Timeout" ? .timedOut : .failed,
                   error: error, executorID: executorID, in: &machine)
        decideAfterFailure(id, error: error, in: &machine)
    }

    static func lost(_ id: String, attemptID: String, reason: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        var error = ExecutionError()
        error.kind = .system
        error.code = "HeartbeatMissed"
        error.message = reason
        error.nodeID = id
        error.attempt = node.attempt
        machine.effects.append(.cancel(attemptID: attemptID))
        endAttempt(id, attemptID: attemptID, phase: .lost, error: error, executorID: "", in: &machine)
        decideAfterFailure(id, error: error, in: &machine)
    }

    static func attemptTimedOut(_ id: String, attemptID: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], let task = task(of: node, in: machine) else { return }
        machine.effects.append(.cancel(attemptID: attemptID))
        var error = ExecutionError()
        error.kind = .user
        error.code = "Timeout"
        error.message = "the attempt did not finish within the task's timeout of \(task.timeout.map(describe) ?? "?")"
        failed(id, attemptID: attemptID, error: error, executorID: "", in: &machine)
    }

    private static func endAttempt(
        _ id: String, attemptID: String, phase: AttemptPhase, error: ExecutionError, executorID: String,
        in machine: inout ExecutionMachine
    ) {
        machine.currentAttempts[attemptID] = nil
        machine.nodes[id]?.currentAttemptID = nil
        machine.recordAttempt(id, attemptID: attemptID, phase: phase, executorID: executorID, error: error)
    }

    /// After a failed attempt: another attempt if the budget for its kind of error allows,
    /// else the node fails.
    static func decideAfterFailure(_ id: String, error: ExecutionError, in machine: inout ExecutionMachine) {
        guard var node = machine.nodes[id], !machine.phase.isTerminal else { return }
        let plan = RetryPlan(task: task(of: node, in: machine), node: node.spec)
        var notBefore: Timestamp?
        let retry: Bool
        if error.kind == .system {
            node.systemFailures += 1
            retry = node.systemFailures <= plan.systemRetries
        } else {
            node.userFailures += 1
            retry = node.userFailures <= plan.userRetries
            if retry {
                let backoff = plan.backoff(beforeRetry: node.userFailures)
                if backoff > .zero { notBefore = machine.now + backoff }
            }
        }
        machine.nodes[id] = node
        if retry {
            queueAttempt(id, number: node.attempt + 1, notBefore: notBefore, in: &machine)
        } else {
            releaseReservation(id, in: &machine)
            machine.finishNode(id, phase: error.code == "Timeout" ? .timedOut : .failed, error: error)
        }
    }

    // MARK: Lookups

    static func taskID(of node: NodeRuntime) -> Identifier? {
        if case .task(let taskNode) = node.spec.kind { return taskNode.task }
        return nil
    }

    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        guard let id = taskID(of: node), let scope = machine.scopes[node.scope] else { return nil }
        return scope.tasks[id] ?? scope.workflow.task(id)
    }

    static func task(_ id: Identifier, inScope scope: String, of machine: inout ExecutionMachine) -> TaskSpec? {
        // The scope's index answers pinned ids at once; the compiler's lookup also takes an
        // unpinned one (specs built by hand).
        machine.scopes.read(scope) { scope in scope.tasks[id] ?? scope.workflow.task(id) } ?? nil
    }
}
