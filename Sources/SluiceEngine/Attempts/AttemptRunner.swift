import SluiceCore
import SluiceWire

/// Runs attempts of a task for a node, whatever its kind: one attempt at a time on an
/// executor, fenced by its attempt id, retried by the task's retry policy (user errors, with
/// backoff) and by the system budget (lost executors), timed out per attempt, and cached
/// (lookup or reservation first, put after; see AttemptRunner+Cache). The node's kind says
/// which task (``AttemptingNodeHandler/task(of:in:)``) and hears the outcome.
enum AttemptRunner {
    /// Heartbeat timeout when the task does not set one.
    static let defaultHeartbeatTimeout: Duration = .seconds(30)

    /// Starts the node's attempts: checks its resolved inputs against the task, then looks
    /// the outputs up in the catalog first when the task caches, else queues attempt 1.
    /// `caching: false` for kinds whose attempts are never cached (a body's decisions).
    static func begin(_ id: String, task: TaskSpec, caching cacheable: Bool = true, in machine: inout ExecutionMachine) {
        if let problem = inputProblem(id, task: task, in: &machine) {
            machine.fail(id, .badInput, problem)
            return
        }
        machine.activeTasks.insert(id)
        guard let cacheOverride = machine.nodes.update(id, { node in
            node.attempts = AttemptState(task: task.id)
            return node.spec.metadata?.cache
        }) else { return }
        // The task as caching sees it (see ``cachingSpec(of:in:)``).
        var caching = task
        if let cacheOverride { caching.cache = cacheOverride }
        if cacheable, let key = prepareCache(id, caching: caching, in: &machine) {
            // Recorded once the catalog answers: a hit is then one event, not two, and the
            // lookup need not wait for a persist. A restart before then starts the node again.
            machine.nodes.update(id) { $0.phase = .running }
            lookUp(id, key: key, serialize: caching.cache?.serialize == true, in: &machine)
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

    // MARK: Stimuli

    static func handle(_ stimulus: AttemptStimulus, of id: String, in machine: inout ExecutionMachine) {
        switch stimulus {
        case .delivered(let attemptID, let executorID):
            delivered(id, attemptID: attemptID, executorID: executorID, in: &machine)
        case .succeeded(let attemptID, let outputs, let executorID):
            succeeded(id, attemptID: attemptID, outputs: outputs, executorID: executorID, in: &machine)
        case .failed(let attemptID, let error, let executorID):
            // The executor enforces the task's timeout too, and says so by the error's kind.
            let phase: NodePhase = error.kind == .timeout ? .timedOut : .failed
            failed(id, attemptID: attemptID, error: error, phase: phase, executorID: executorID, in: &machine)
        case .lost(let attemptID, let reason):
            lost(id, attemptID: attemptID, reason: reason, in: &machine)
        case .waiting(let attemptID, let reason):
            machine.recordAttempt(id, attemptID: attemptID, phase: .queued, waiting: reason)
        case .cacheLookedUp(let result):
            lookedUp(id, result, in: &machine)
        case .cacheStored(let stored):
            self.stored(id, stored, in: &machine)
        }
    }

    static func timerFired(_ key: TimerKey, of id: String, in machine: inout ExecutionMachine) {
        switch key {
        case .retry(_, let attempt): retryDue(id, attempt: attempt, in: &machine)
        case .attemptTimeout(let attemptID): attemptTimedOut(id, attemptID: attemptID, in: &machine)
        case .cacheRetry: lookUp(id, in: &machine)
        default: break
        }
    }

    /// The node is ended from outside (its own timeout): its attempt stops, and a reservation
    /// it holds goes back.
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        if let attemptID = machine.nodes.read(id, { $0.attempts.currentAttemptID }) ?? nil,
           machine.currentAttempts.removeValue(forKey: attemptID) != nil {
            machine.effects.append(.cancel(attemptID: attemptID))
            machine.recordAttempt(id, attemptID: attemptID, phase: .aborted)
        }
        releaseReservation(id, in: &machine)
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
        let attemptID = attemptID(execution: machine.executionID, node: id, number: number)
        let waits = notBefore.map { $0 > machine.now } ?? false
        let known: Void? = machine.nodes.update(id) { node in
            node.attempts.attempt = number
            node.attempts.currentAttemptID = attemptID
            node.attempts.awaitingRetry = waits
        }
        guard known != nil else { return }
        machine.currentAttempts[attemptID] = id
        machine.recordAttempt(id, attemptID: attemptID, phase: .queued, notBefore: waits ? notBefore : nil)
        if waits, let notBefore {
            machine.setTimer(at: notBefore, .retry(nodeID: id, attempt: number))
        } else {
            dispatch(id, in: &machine)
        }
    }

    static func dispatch(_ id: String, heldBy: String = "", in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], let attemptID = node.attempts.currentAttemptID,
              let task = task(of: node, in: machine) else { return }
        var assignment = AttemptAssignment()
        assignment.attemptID = attemptID
        assignment.executionID = machine.executionID
        assignment.nodeID = id
        assignment.attempt = node.attempts.attempt
        assignment.task = task
        assignment.inputs = node.inputs
        assignment.timeout = task.timeout
        let heartbeatTimeout = heartbeatTimeout(of: task)
        assignment.heartbeatInterval = AttemptDispatch.heartbeatInterval(forTimeout: heartbeatTimeout)
        owner(of: id, in: machine)?.prepare(&assignment, of: id, in: machine)
        let pool = node.spec.metadata.map(\.pool).flatMap { $0.isEmpty ? nil : $0 } ?? task.pool
        machine.effects.append(.dispatch(AttemptDispatch(
            assignment: assignment, pool: pool, heartbeatTimeout: heartbeatTimeout, heldBy: heldBy)))
    }

    static func heartbeatTimeout(of task: TaskSpec) -> Duration {
        if let timeout = task.heartbeatTimeout, timeout > .zero { return timeout }
        return defaultHeartbeatTimeout
    }

    static func retryDue(_ id: String, attempt: UInt32, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.attempts.attempt == attempt, node.attempts.awaitingRetry,
              !node.phase.isTerminal else { return }
        machine.nodes.update(id) { $0.attempts.awaitingRetry = false }
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
            checked = try resultInterface(of: node, in: machine).checkOutputs(outputs)
        } catch {
            let failure = ExecutionError(.badOutputs, "the task's outputs do not match its interface: \(error)")
            failed(id, attemptID: attemptID, error: failure, phase: .failed, executorID: executorID, in: &machine)
            return
        }
        if storeBeforeSucceeding(id, attemptID: attemptID, outputs: checked, executorID: executorID, in: &machine) { return }
        machine.currentAttempts[attemptID] = nil
        machine.nodes.update(id) { $0.attempts.currentAttemptID = nil }
        machine.recordAttempt(id, attemptID: attemptID, phase: .succeeded, executorID: executorID)
        owner(of: id, in: machine)?.attemptsSucceeded(id, outputs: checked, in: &machine)
    }

    /// The attempt failed; `phase` says how (FAILED, or TIMED_OUT when its timeout ran out),
    /// whatever code the error carries.
    static func failed(
        _ id: String, attemptID: String, error: ExecutionError, phase: NodePhase, executorID: String,
        in machine: inout ExecutionMachine
    ) {
        guard let attempt = machine.nodes.read(id, { $0.attempts.attempt }) else { return }
        var error = error
        error.nodeID = id
        error.attempt = attempt
        if error.kind == .unspecified { error.kind = .user }
        endAttempt(id, attemptID: attemptID, phase: phase == .timedOut ? .timedOut : .failed,
                   error: error, executorID: executorID, in: &machine)
        decideAfterFailure(id, error: error, phase: phase, in: &machine)
    }

    static func lost(_ id: String, attemptID: String, reason: String, in machine: inout ExecutionMachine) {
        guard let attempt = machine.nodes.read(id, { $0.attempts.attempt }) else { return }
        var error = ExecutionError(.heartbeatMissed, reason, kind: .system)
        error.nodeID = id
        error.attempt = attempt
        machine.effects.append(.cancel(attemptID: attemptID))
        endAttempt(id, attemptID: attemptID, phase: .lost, error: error, executorID: "", in: &machine)
        decideAfterFailure(id, error: error, phase: .failed, in: &machine)
    }

    static func attemptTimedOut(_ id: String, attemptID: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], let task = task(of: node, in: machine) else { return }
        machine.effects.append(.cancel(attemptID: attemptID))
        let error = ExecutionError(.timeout, "the attempt did not finish within the task's timeout of \(task.timeout.map(describe) ?? "?")", kind: .timeout)
        failed(id, attemptID: attemptID, error: error, phase: .timedOut, executorID: "", in: &machine)
    }

    private static func endAttempt(
        _ id: String, attemptID: String, phase: AttemptPhase, error: ExecutionError, executorID: String,
        in machine: inout ExecutionMachine
    ) {
        machine.currentAttempts[attemptID] = nil
        machine.nodes.update(id) { $0.attempts.currentAttemptID = nil }
        machine.recordAttempt(id, attemptID: attemptID, phase: phase, executorID: executorID, error: error)
    }

    /// After a failed attempt: another attempt if the budget for its kind of error allows,
    /// else the node's kind hears that its attempts failed, with `phase`.
    static func decideAfterFailure(_ id: String, error: ExecutionError, phase: NodePhase, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], !machine.phase.isTerminal else { return }
        let plan = RetryPlan(task: task(of: node, in: machine), node: node.spec)
        var attempts = node.attempts
        var notBefore: Timestamp?
        let retry: Bool
        if error.kind == .system {
            attempts.systemFailures += 1
            retry = attempts.systemFailures <= plan.systemRetries
        } else {
            attempts.userFailures += 1
            retry = attempts.userFailures <= plan.userRetries
            if retry {
                let backoff = plan.backoff(beforeRetry: attempts.userFailures)
                if backoff > .zero { notBefore = machine.now + backoff }
            }
        }
        machine.nodes.update(id) { $0.attempts = attempts }
        if retry {
            queueAttempt(id, number: attempts.attempt + 1, notBefore: notBefore, in: &machine)
        } else {
            releaseReservation(id, in: &machine)
            owner(of: id, in: machine)?.attemptsFailed(id, phase: phase, error: error, in: &machine)
        }
    }

    // MARK: Lookups

    /// The kind of the node, which says what it runs and hears how it ends.
    static func owner(of id: String, in machine: ExecutionMachine) -> (any AttemptingNodeHandler.Type)? {
        guard let kind = machine.nodes[id]?.spec.kind else { return nil }
        return NodeKinds.handler(for: kind) as? any AttemptingNodeHandler.Type
    }

    /// What the node's attempts and cache entries return (see ``AttemptingNodeHandler/resultInterface(of:)``).
    static func resultInterface(of node: NodeRuntime, in machine: ExecutionMachine) -> TypedInterface {
        guard let owner = NodeKinds.handler(for: node.spec.kind) as? any AttemptingNodeHandler.Type,
              let task = owner.task(of: node, in: machine) else { return TypedInterface() }
        return owner.resultInterface(of: task)
    }

    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        (NodeKinds.handler(for: node.spec.kind) as? any AttemptingNodeHandler.Type)?.task(of: node, in: machine)
    }
}
