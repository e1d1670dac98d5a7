import SluiceWire

/// How events change the record of an execution and its nodes. Pure: admin applies recorded
/// events to its stored rows with these rules, and an in-process run applies the same events to
/// its in-memory state, so both agree on what an execution looks like after the same events.
///
/// Fields an event leaves empty (an unspecified phase, empty inputs, an absent error) keep
/// what the record already holds: an event says what changed, not the whole state.
public enum EventApplication {
    /// Applies any event to an execution and its nodes, keyed by node id: the execution's part
    /// of it, its node or attempt part, and the execution's last sequence number. Signal events
    /// only advance the sequence number here; a record that keeps signals uses the variant
    /// taking them. `receivedAt` stands in for an event without a time.
    public static func apply(
        _ event: Event, to execution: inout Execution, nodes: inout [String: NodeExecution],
        receivedAt: Timestamp
    ) {
        var signals: [String: Signal] = [:]
        apply(event, to: &execution, nodes: &nodes, signals: &signals, receivedAt: receivedAt)
    }

    /// Applies any event to an execution, its nodes (keyed by node id) and its signals (keyed
    /// by signal id), and advances the execution's last sequence number.
    public static func apply(
        _ event: Event, to execution: inout Execution, nodes: inout [String: NodeExecution],
        signals: inout [String: Signal], receivedAt: Timestamp
    ) {
        let at = event.at ?? receivedAt
        switch event.kind {
        case .execution(let change)?:
            apply(change, at: at, to: &execution)
        case .node(let change)?:
            apply(change, at: at, executionID: execution.id, to: &nodes[change.nodeID])
        case .attempt(let change)?:
            apply(change, at: at, executionID: execution.id, to: &nodes[change.nodeID])
        case .signal(let change)?:
            apply(change, at: at, executionID: execution.id, to: &signals[change.signalID])
        case nil:
            break
        }
        advanceSequence(of: &execution, to: event.sequence)
    }

    /// Applies a signal event to the execution's record of that signal. The first value set
    /// stands: an event for a signal already recorded only marks it consumed (once its gate
    /// has taken it); an event carrying the value of a signal not recorded yet records it as
    /// stated. An event with neither a record nor a value has nothing to apply to.
    public static func apply(_ event: Signal, at: Timestamp, executionID: String, to record: inout Signal?) {
        if var current = record.take() {
            if event.consumed { current.consumed = true }
            record = current
        } else if event.value != nil {
            var recorded = event
            recorded.executionID = executionID
            if recorded.setAt == nil { recorded.setAt = at }
            record = recorded
        }
    }

    /// Applies the execution part of an event, when it has one, and advances the execution's
    /// last sequence number to the event's.
    public static func apply(_ event: Event, to execution: inout Execution, receivedAt: Timestamp) {
        if case .execution(let change)? = event.kind {
            apply(change, at: event.at ?? receivedAt, to: &execution)
        }
        advanceSequence(of: &execution, to: event.sequence)
    }

    /// The execution's phase, outputs, error and abort as the event states them. It starts when
    /// it first runs and ends when it reaches a terminal phase.
    public static func apply(_ event: ExecutionEvent, at: Timestamp, to execution: inout Execution) {
        if event.phase != .unspecified { execution.phase = event.phase }
        if !event.outputs.isEmpty { execution.outputs = event.outputs }
        if let error = event.error { execution.error = error }
        if let abort = event.abort { execution.abort = abort }
        let ends = event.phase.isTerminal
        if execution.startedAt == nil, event.phase == .running || ends { execution.startedAt = at }
        if ends { execution.endedAt = at }
    }

    /// Applies a node event, creating the node on its first event. It starts when it first
    /// runs, pauses or runs a dynamic subgraph (or ends without having started), and ends when
    /// it reaches a terminal phase. Its gate status lasts while it is PAUSED: an event moving it
    /// to any other phase clears it.
    public static func apply(_ event: NodeEvent, at: Timestamp, executionID: String, to node: inout NodeExecution?) {
        // Moved out and back rather than copied, so its collections are not copied on each event.
        var record = node.take() ?? NodeExecution(executionID: executionID, nodeID: event.nodeID)
        apply(event, at: at, to: &record)
        node = record
    }

    private static func apply(_ event: NodeEvent, at: Timestamp, to record: inout NodeExecution) {
        if !event.parentNodeID.isEmpty { record.parentNodeID = event.parentNodeID }
        if event.kind != .unspecified { record.kind = event.kind }
        if let task = event.task { record.task = task }
        if event.elements > 0 { record.elements = event.elements }
        if event.phase != .unspecified { record.phase = event.phase }
        if !event.inputs.isEmpty { record.inputs = event.inputs }
        if !event.outputs.isEmpty { record.outputs = event.outputs }
        if let error = event.error { record.error = error }
        if let cache = event.cache { record.cache = cache }
        if let body = event.body {
            // A body's decision adds calls: appended to those recorded, never replacing them.
            appendDecision(body, subgraph: event.subgraph, to: &record)
        } else if let subgraph = event.subgraph {
            record.subgraph = subgraph
        }
        // A gate's status says what it waits for while PAUSED; once it moves on there is none.
        if event.phase != .unspecified, event.phase != .paused {
            record.gate = nil
        } else if let gate = event.gate {
            record.gate = gate
        }
        let ends = event.phase.isTerminal
        if record.startedAt == nil, event.phase.isUnderway || ends { record.startedAt = at }
        if ends { record.endedAt = at }
    }

    /// Records a body's decision: its new calls (and their tasks) after those recorded, its
    /// outputs once it returned, and where it is, with the calls it read added to those read.
    private static func appendDecision(_ event: BodyProgress, subgraph: CompiledWorkflow?, to record: inout NodeExecution) {
        var progress = event
        var read = record.body?.read ?? []
        var known = Set(read)
        for call in event.read where known.insert(call).inserted { read.append(call) }
        progress.read = read
        record.body = progress
        guard let added = subgraph else { return }
        var whole = record.subgraph ?? CompiledWorkflow(spec: WorkflowSpec())
        var spec = whole.spec ?? WorkflowSpec()
        if spec.id == nil { spec.id = added.spec?.id }
        if spec.interface == nil { spec.interface = added.spec?.interface }
        spec.nodes += added.spec?.nodes ?? []
        if let outputs = added.spec?.outputs, !outputs.isEmpty { spec.outputs = outputs }
        whole.spec = spec
        let tasks = Set(whole.tasks.compactMap(\.id))
        whole.tasks += added.tasks.filter { $0.id.map { !tasks.contains($0) } ?? false }
        let workflows = Set(whole.subWorkflows.compactMap(\.spec?.id))
        whole.subWorkflows += added.subWorkflows.filter { $0.spec?.id.map { !workflows.contains($0) } ?? false }
        record.subgraph = whole
    }

    /// Applies an attempt event to its node's attempt of that number, creating the attempt on
    /// its first event. A node that has no record yet is created as a running task node, since
    /// an attempt only runs for a node that has started.
    public static func apply(_ event: AttemptEvent, at: Timestamp, executionID: String, to node: inout NodeExecution?) {
        var record = node.take() ?? NodeExecution(
            executionID: executionID, nodeID: event.nodeID, kind: .task, phase: .running, startedAt: at)
        apply(event, at: at, toAttemptOf: &record)
        node = record
    }

    private static func apply(_ event: AttemptEvent, at: Timestamp, toAttemptOf record: inout NodeExecution) {
        let index: Int
        if let existing = record.attempts.firstIndex(where: { $0.number == event.attempt }) {
            index = existing
        } else {
            // Kept in attempt order even when a later attempt's event arrives first.
            index = record.attempts.firstIndex(where: { $0.number > event.attempt }) ?? record.attempts.endIndex
            record.attempts.insert(TaskAttempt(number: event.attempt), at: index)
        }
        apply(event, at: at, to: &record.attempts[index])
    }

    /// Applies an attempt event to the attempt it names.
    public static func apply(_ event: AttemptEvent, at: Timestamp, to attempt: inout TaskAttempt) {
        if !event.attemptID.isEmpty { attempt.attemptID = event.attemptID }
        if let notBefore = event.notBefore { attempt.notBefore = notBefore }
        if event.phase != .unspecified { attempt.phase = event.phase }
        if !event.executorID.isEmpty { attempt.executorID = event.executorID }
        if let error = event.error { attempt.error = error }
        if !event.waiting.isEmpty {
            attempt.waiting = event.waiting
        } else if event.phase != .unspecified, event.phase != .queued {
            attempt.waiting = ""
        }
        let ends = event.phase.isTerminal
        if attempt.startedAt == nil, event.phase == .running || ends { attempt.startedAt = at }
        if ends { attempt.endedAt = at }
    }

    private static func advanceSequence(of execution: inout Execution, to sequence: UInt64) {
        execution.lastSequence = max(execution.lastSequence, sequence)
    }
}

extension ExecutionPhase {
    /// SUCCEEDED, FAILED, ABORTED or TIMED_OUT: the execution has ended for good.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .aborted, .timedOut: true
        case .unspecified, .queued, .running: false
        }
    }
}

extension NodePhase {
    /// SUCCEEDED, FAILED, SKIPPED, TIMED_OUT or ABORTED: the node has ended for good.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .skipped, .timedOut, .aborted: true
        case .unspecified, .queued, .running, .paused, .dynamicRunning: false
        }
    }

    /// RUNNING, PAUSED or DYNAMIC_RUNNING: the node has started and not ended.
    public var isUnderway: Bool {
        switch self {
        case .running, .paused, .dynamicRunning: true
        default: false
        }
    }
}

extension AttemptPhase {
    /// SUCCEEDED, FAILED, TIMED_OUT, ABORTED or LOST: the attempt has ended for good.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .timedOut, .aborted, .lost: true
        case .unspecified, .queued, .running: false
        }
    }
}

