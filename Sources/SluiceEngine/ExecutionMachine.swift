import SluiceCore
import SluiceWire

/// One execution's state machine, with no I/O: stimuli in (an attempt finished, a timer fired,
/// an abort), effects out (events to persist, attempts to dispatch or cancel, timers to set).
/// The scheduler hosts one per active execution; SluiceKit's in-process runner hosts one too.
///
/// Every stimulus returns the effects it caused, events first in causal order. The host must
/// persist the events before it acts on the other effects, so that a restarted host rebuilds
/// the same state from what was persisted (see ``init(restoring:now:)``).
public struct ExecutionMachine: Sendable {
    public let executionID: String
    public internal(set) var phase: ExecutionPhase
    let spec: ExecutionSpec
    let root: CompiledWorkflow
    let policy: FailurePolicy

    var nodes: [String: NodeRuntime] = [:]
    var scopes: [String: ScopeRuntime] = [:]
    /// Attempt id → node id, for attempts whose results are still wanted (the fencing).
    var currentAttempts: [String: String] = [:]
    /// Task nodes in progress (an attempt queued, running or waiting for its retry).
    var activeTasks: Set<String> = []
    /// The first failure; once set, no new node starts.
    var failure: ExecutionError?
    var startedAt: Timestamp?
    var nextSequence: UInt64
    /// Signals set for this execution, by signal id; a gate reached later takes its value.
    var signals: [String: Signal] = [:]
    /// Unfinished nodes rebuilt after a restart, waiting to carry on.
    var restoredNodes: [String] = []

    /// The time of the stimulus being handled.
    var now = Timestamp(seconds: 0)
    var effects: [EngineEffect] = []
    /// The cache keys' interface hashes, computed once per task and execution.
    var interfaceHashes: [Identifier: (interface: TypedInterface, hash: String)] = [:]
    /// While a start turn runs with a limit (see ``start(now:startingAtMost:)``): how many more
    /// ready nodes it may start. Nil otherwise: every ready node starts.
    var startsLeft: Int?
    /// Scopes with ready nodes that a start turn left for the next one, and the position in
    /// each of the first node it left.
    var scopesLeftToStart: [(scope: String, from: Int)] = []

    /// A machine for a new execution; call ``start(now:)``.
    public init(execution: Execution, workflow: CompiledWorkflow) {
        self.executionID = execution.id
        self.phase = execution.phase == .unspecified ? .queued : execution.phase
        self.spec = execution.spec ?? ExecutionSpec()
        self.root = workflow
        let policy = workflow.spec?.failurePolicy ?? .unspecified
        self.policy = policy == .unspecified ? .failImmediately : policy
        self.nextSequence = execution.lastSequence + 1
        self.startedAt = execution.startedAt
    }

    public var isFinished: Bool { phase.isTerminal }

    /// Whether results for this attempt are still wanted.
    public func isCurrent(attemptID: String) -> Bool { currentAttempts[attemptID] != nil }

    /// The attempts whose results are still wanted.
    public var currentAttemptIDs: [String] { Array(currentAttempts.keys) }

    /// For a current attempt of a dynamic node: its dynamic task, the node and the failure
    /// policy its subgraph keeps; what compiling the subgraph the attempt returned takes.
    public func dynamicAttempt(_ attemptID: String) -> (task: TaskSpec, nodeID: String, failurePolicy: FailurePolicy)? {
        guard let nodeID = currentAttempts[attemptID], let node = nodes[nodeID], node.kind == .dynamic,
              let task = DynamicNodeHandler.task(of: node, in: self) else { return nil }
        return (task, nodeID, policy)
    }

    /// For a current attempt of a workflow body (a decision): the calls its earlier decisions
    /// recorded, as compiled, which the calls it adds are compiled with.
    public func bodyCalls(ofAttempt attemptID: String) -> CompiledWorkflow? {
        guard let nodeID = currentAttempts[attemptID], nodes[nodeID]?.body != nil else { return nil }
        return scopes[nodeID]?.workflow
    }

    /// A body's decision as it is handed to an executor: with the values of its calls that
    /// ended since it was queued, as far as their ends are persisted (up to sequence number
    /// `persistedThrough`), so that a body reading two values that arrive together takes one
    /// decision, not two. Other attempts are returned as they are.
    public func deliverable(_ assignment: AttemptAssignment, persistedThrough: UInt64) -> AttemptAssignment {
        guard assignment.history != nil, let nodeID = currentAttempts[assignment.attemptID] else { return assignment }
        var refreshed = assignment
        BodyNodeHandler.refresh(&refreshed, of: nodeID, persistedThrough: persistedThrough, in: self)
        return refreshed
    }

    /// Whether the execution has had this attempt: its node's current attempt or an earlier
    /// one. A result for one it has not had is not stale but unknown.
    public func hasHad(attemptID: String) -> Bool {
        guard let parts = AttemptRunner.parts(ofAttemptID: attemptID), parts.execution == executionID,
              let node = nodes[String(parts.node)] else { return false }
        return parts.number >= 1 && parts.number <= node.attempts.attempt
    }

    /// Whether the text is an attempt id of the form the engine gives them.
    public static func isAttemptID(_ text: String) -> Bool {
        AttemptRunner.parts(ofAttemptID: text) != nil
    }

    // MARK: Stimuli

    /// Starts the execution: records it RUNNING and starts the nodes with nothing to wait for.
    /// With `limit`, this turn starts at most that many of them, and
    /// ``startMore(now:startingAtMost:)`` starts the others, turn by turn: a host can then act
    /// on the first nodes' effects (send their cache lookups) while it starts the rest of a
    /// wide workflow.
    public mutating func start(now: Timestamp, startingAtMost limit: Int? = nil) -> [EngineEffect] {
        begin(now)
        guard phase == .queued else { return drain() }
        phase = .running
        startedAt = now
        var event = ExecutionEvent()
        event.phase = .running
        record(.execution(event))
        armExecutionTimeout()
        startsLeft = limit
        defer { startsLeft = nil }
        openScope(key: "", workflow: root, inputs: spec.inputs, owner: nil)
        return drain()
    }

    /// Whether a limited start turn left ready nodes for ``startMore(now:startingAtMost:)``.
    public var hasNodesLeftToStart: Bool { !scopesLeftToStart.isEmpty }

    /// Starts up to `limit` more of the ready nodes a limited start turn left (see
    /// ``start(now:startingAtMost:)``); nodes another stimulus has started meanwhile are not
    /// started again, nor are nodes of a sub-workflow whose node has ended meanwhile.
    public mutating func startMore(now: Timestamp, startingAtMost limit: Int? = nil) -> [EngineEffect] {
        begin(now)
        let left = scopesLeftToStart
        scopesLeftToStart = []
        startsLeft = limit
        defer { startsLeft = nil }
        for (key, position) in left where nodes.read(key, { $0.phase.isTerminal }) != true {
            startReadyNodes(in: key, from: position)
        }
        return drain()
    }

    /// An executor took the attempt: it is RUNNING there, and its per-attempt timeout starts now.
    public mutating func attemptDelivered(_ attemptID: String, executorID: String, now: Timestamp) -> [EngineEffect] {
        begin(now)
        route(.delivered(attemptID: attemptID, executorID: executorID), of: attemptID)
        return drain()
    }

    /// The attempt waits in the queue with nothing to start it (no connected executor serves its
    /// task): recorded on the attempt, so that people see why its node does not progress.
    public mutating func attemptWaiting(_ attemptID: String, reason: String, now: Timestamp) -> [EngineEffect] {
        begin(now)
        route(.waiting(attemptID: attemptID, reason: reason), of: attemptID)
        return drain()
    }

    /// The attempt returned outputs. Nil when the attempt is not current (its result is dropped).
    public mutating func attemptSucceeded(
        _ attemptID: String, outputs: [String: Literal], executorID: String, now: Timestamp
    ) -> [EngineEffect]? {
        begin(now)
        guard route(.succeeded(attemptID: attemptID, outputs: outputs, executorID: executorID), of: attemptID) else { return nil }
        return drain()
    }

    /// The attempt failed. Nil when the attempt is not current.
    public mutating func attemptFailed(
        _ attemptID: String, error: ExecutionError, executorID: String, now: Timestamp
    ) -> [EngineEffect]? {
        begin(now)
        guard route(.failed(attemptID: attemptID, error: error, executorID: executorID), of: attemptID) else { return nil }
        return drain()
    }

    /// The attempt's executor went silent or left: a system error.
    public mutating func attemptLost(_ attemptID: String, reason: String, now: Timestamp) -> [EngineEffect]? {
        begin(now)
        guard route(.lost(attemptID: attemptID, reason: reason), of: attemptID) else { return nil }
        return drain()
    }

    /// A deadline this machine asked for has come.
    public mutating func timerFired(_ key: TimerKey, now: Timestamp) -> [EngineEffect] {
        begin(now)
        guard !phase.isTerminal else { return drain() }
        switch key {
        case .retry(let nodeID, _), .cacheRetry(let nodeID), .gateWake(let nodeID), .gateTimeout(let nodeID):
            route(key, of: nodeID)
        case .attemptTimeout(let attemptID):
            if let nodeID = currentAttempts[attemptID] { route(key, of: nodeID) }
        case .nodeTimeout(let nodeID):
            nodeTimedOut(nodeID)
        case .executionTimeout:
            let error = ExecutionError(
                .executionTimeout, "the execution did not end within its timeout of \(spec.timeout.map(describe) ?? "?")")
            terminate(.timedOut, error: error, abort: nil)
        }
        return drain()
    }

    /// A signal was set for this execution (perhaps before its gate is reached). Setting the
    /// same signal again changes nothing.
    public mutating func signalArrived(_ signal: Signal, now: Timestamp) -> [EngineEffect] {
        begin(now)
        guard !phase.isTerminal, signal.value != nil, signals[signal.signalID] == nil else { return drain() }
        signals[signal.signalID] = signal
        GateNodeHandler.signalArrived(signal, in: &self)
        return drain()
    }

    /// The catalog answered a ``CacheLookup``.
    public mutating func cacheLookedUp(_ nodeID: String, _ result: CacheLookupResult, now: Timestamp) -> [EngineEffect] {
        begin(now)
        // Even for an ended execution: a reservation granted too late must be given back.
        route(.cacheLookedUp(result), ofNode: nodeID)
        return drain()
    }

    /// A ``CachePut`` ended: stored, or not (the catalog down or refusing).
    public mutating func cacheStored(_ nodeID: String, _ stored: Bool, now: Timestamp) -> [EngineEffect] {
        begin(now)
        if !phase.isTerminal { route(.cacheStored(stored), ofNode: nodeID) }
        return drain()
    }

    /// Aborts the execution: cancels its running attempts and records it ABORTED.
    public mutating func abort(_ info: AbortInfo, now: Timestamp) -> [EngineEffect] {
        begin(now)
        if !phase.isTerminal {
            var info = info
            if info.at == nil { info.at = now }
            terminate(.aborted, error: nil, abort: info)
        }
        return drain()
    }

    /// Admin refused to record some of this execution's transitions (they could not be
    /// encoded, or admin found them invalid), so nothing behind them was acted on and the
    /// machine can no longer be trusted to match the record: the execution ends FAILED with an
    /// error saying why, its attempts cancelled. It does so even if the machine had ended, since
    /// that end may have been among what was refused.
    public mutating func failUnrecorded(_ reason: String, now: Timestamp) -> [EngineEffect] {
        begin(now)
        let error = ExecutionError(
            .unrecorded, "admin refused to record the execution's transitions, so the execution was stopped: \(reason)", kind: .system)
        if phase.isTerminal { phase = .running }
        terminate(.failed, error: error, abort: nil)
        return drain()
    }

    // MARK: Routing

    /// Hands a stimulus about a current attempt to the kind of the node that runs it; false
    /// when the attempt is not current (its news is stale).
    @discardableResult
    private mutating func route(_ stimulus: AttemptStimulus, of attemptID: String) -> Bool {
        guard let nodeID = currentAttempts[attemptID] else { return false }
        route(stimulus, ofNode: nodeID)
        return true
    }

    private mutating func route(_ stimulus: AttemptStimulus, ofNode nodeID: String) {
        guard let kind = nodes.read(nodeID, { $0.spec.kind }) else { return }
        NodeKinds.handler(for: kind).handle(stimulus, of: nodeID, in: &self)
    }

    private mutating func route(_ key: TimerKey, of nodeID: String) {
        guard let kind = nodes.read(nodeID, { $0.spec.kind }) else { return }
        NodeKinds.handler(for: kind).timerFired(key, of: nodeID, in: &self)
    }

    // MARK: Effects

    mutating func begin(_ time: Timestamp) {
        now = time
        effects = []
    }

    /// Hands the effects over whole. Clearing them "keeping capacity" instead would allocate,
    /// since the caller holds them, a new buffer as large as the largest batch ever drained:
    /// after a map of 100,000 elements started, tens of megabytes for every stimulus.
    mutating func drain() -> [EngineEffect] {
        defer { effects = [] }
        return effects
    }

    mutating func record(_ kind: Event.Kind) {
        var event = Event()
        event.executionID = executionID
        event.sequence = nextSequence
        event.at = now
        event.kind = kind
        nextSequence += 1
        effects.append(.record(event))
    }

    /// A node's event, naming it, its parent and its kind.
    mutating func nodeEvent(_ id: String, phase: NodePhase) -> NodeEvent {
        var event = NodeEvent()
        event.nodeID = id
        event.phase = phase
        nodes.read(id) { node in
            event.parentNodeID = node.parent
            event.kind = node.kind
            event.cache = node.cache
            if phase == .paused { event.gate = node.gate }
        }
        return event
    }

    /// Records a change of the node's current attempt.
    mutating func recordAttempt(
        _ nodeID: String, attemptID: String, phase: AttemptPhase, executorID: String = "",
        error: ExecutionError? = nil, notBefore: Timestamp? = nil, waiting: String = ""
    ) {
        var event = AttemptEvent()
        event.nodeID = nodeID
        event.attempt = nodes.read(nodeID, { $0.attempts.attempt }) ?? 0
        event.attemptID = attemptID
        event.phase = phase
        event.executorID = executorID
        event.error = error
        event.notBefore = notBefore
        event.waiting = waiting
        record(.attempt(event))
    }

    mutating func setTimer(at time: Timestamp, _ key: TimerKey) {
        effects.append(.timer(at: time, key))
    }

    private mutating func armExecutionTimeout() {
        guard let timeout = spec.timeout, timeout > .zero, let startedAt else { return }
        setTimer(at: startedAt + timeout, .executionTimeout)
    }
}

func describe(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    if attoseconds == 0 { return "\(seconds)s" }
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return "\(milliseconds)ms"
}
