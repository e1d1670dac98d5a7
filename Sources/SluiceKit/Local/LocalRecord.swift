/// The record of a local run, kept by applying the events its machine emits: what admin would
/// store for the same execution. Kept here, in a few lines, until the event rules shared with
/// admin are available to SluiceKit; an event only says what changed, so empty fields keep
/// what the record holds.
struct LocalRecord {
    private var execution: Execution
    private var nodes: [String: NodeExecution] = [:]
    private var events: [Event] = []

    init(execution: Execution) {
        self.execution = execution
    }

    var result: LocalRun {
        LocalRun(execution: execution, nodes: nodes, events: events)
    }

    mutating func apply(_ event: Event) {
        events.append(event)
        execution.lastSequence = max(execution.lastSequence, event.sequence)
        let at = event.at ?? Timestamp.now()
        switch event.kind {
        case .execution(let change)?:
            if change.phase != .unspecified { execution.phase = change.phase }
            if !change.outputs.isEmpty { execution.outputs = change.outputs }
            if let error = change.error { execution.error = error }
            if let abort = change.abort { execution.abort = abort }
            if execution.startedAt == nil, change.phase == .running { execution.startedAt = at }
            if Self.ends(change.phase) { execution.endedAt = at }
        case .node(let change)?:
            apply(change, at: at)
        case .attempt(let change)?:
            apply(change, at: at)
        case .signal?, nil:
            break
        }
    }

    private mutating func apply(_ change: NodeEvent, at: Timestamp) {
        var node = nodes[change.nodeID] ?? NodeExecution(executionID: execution.id, nodeID: change.nodeID)
        if !change.parentNodeID.isEmpty { node.parentNodeID = change.parentNodeID }
        if change.kind != .unspecified { node.kind = change.kind }
        if let task = change.task { node.task = task }
        if change.phase != .unspecified { node.phase = change.phase }
        if !change.inputs.isEmpty { node.inputs = change.inputs }
        if !change.outputs.isEmpty { node.outputs = change.outputs }
        if let error = change.error { node.error = error }
        if let cache = change.cache { node.cache = cache }
        if node.startedAt == nil, change.phase == .running { node.startedAt = at }
        if Self.ends(change.phase) { node.endedAt = at }
        nodes[change.nodeID] = node
    }

    private mutating func apply(_ change: AttemptEvent, at: Timestamp) {
        var node = nodes[change.nodeID] ?? NodeExecution(executionID: execution.id, nodeID: change.nodeID, kind: .task, phase: .running)
        let index: Int
        if let existing = node.attempts.firstIndex(where: { $0.number == change.attempt }) {
            index = existing
        } else {
            node.attempts.append(TaskAttempt(number: change.attempt))
            node.attempts.sort { $0.number < $1.number }
            index = node.attempts.firstIndex { $0.number == change.attempt } ?? node.attempts.count - 1
        }
        var attempt = node.attempts[index]
        if !change.attemptID.isEmpty { attempt.attemptID = change.attemptID }
        if change.phase != .unspecified { attempt.phase = change.phase }
        if !change.executorID.isEmpty { attempt.executorID = change.executorID }
        if let error = change.error { attempt.error = error }
        if let notBefore = change.notBefore { attempt.notBefore = notBefore }
        if attempt.startedAt == nil, change.phase == .running { attempt.startedAt = at }
        switch change.phase {
        case .succeeded, .failed, .timedOut, .aborted, .lost: attempt.endedAt = at
        case .unspecified, .queued, .running: break
        }
        node.attempts[index] = attempt
        nodes[change.nodeID] = node
    }

    private static func ends(_ phase: ExecutionPhase) -> Bool {
        switch phase {
        case .succeeded, .failed, .aborted, .timedOut: true
        case .unspecified, .queued, .running: false
        }
    }

    private static func ends(_ phase: NodePhase) -> Bool {
        switch phase {
        case .succeeded, .failed, .skipped, .timedOut, .aborted: true
        case .unspecified, .queued, .running, .paused, .dynamicRunning: false
        }
    }
}
