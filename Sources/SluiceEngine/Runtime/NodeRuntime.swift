import SluiceWire

/// What the engine knows about one node instance of an execution: what every node has, and
/// the state of its kind.
struct NodeRuntime: Sendable {
    /// Who hears when the node ends.
    enum Membership: Sendable {
        /// One of a workflow's (or sub-workflow's) own nodes: its scope tracks it, and the
        /// nodes that depend on it start when it succeeds.
        case scope
        /// A node its parent made at run time (a branch's chosen case): the parent's kind
        /// hears of its end (``NodeHandler/childEnded(_:of:in:)``).
        case child
    }

    /// Hierarchical id: "n1", "sub/n2", "choose/big".
    let id: String
    /// The id within its workflow spec (the last component).
    let specID: String
    /// The scope whose inputs and nodes its bindings refer to.
    let scope: String
    /// The enclosing node ("" at the top).
    let parent: String
    let spec: Node
    let membership: Membership

    var phase: NodePhase = .unspecified
    var inputs: [String: Literal] = [:]
    var outputs: [String: Literal] = [:]
    var error: ExecutionError?
    /// Dependencies that have not succeeded yet.
    var pendingDependencies = 0
    /// What its kind keeps while it runs.
    var state = NodeKindState.none
    /// Whether an event of the node has been recorded (a node's first event carries more).
    var announced = false
    /// The sequence number of the event that ended it; 0 for a node restored ended (persisted).
    var endSequence: UInt64 = 0

    var hasStarted: Bool { phase != .unspecified }

    var kind: NodeKind { spec.nodeKind }
}

/// The state one kind of node keeps while it runs.
enum NodeKindState: Sendable {
    case none
    /// A node that runs attempts of a task (see ``AttemptRunner``).
    case attempts(AttemptState)
    /// A gate: what it waits for.
    case gate(GateStatus)
    /// A map node: how many of its elements have started and ended.
    case map(MapState)
    /// A workflow body: its decisions' attempts, and where its decisions are.
    case body(AttemptState, BodyState)
}

extension NodeRuntime {
    /// The state of the attempts the node runs; empty for a node that runs none yet.
    var attempts: AttemptState {
        get {
            switch state {
            case .attempts(let attempts), .body(let attempts, _): attempts
            default: AttemptState()
            }
        }
        set {
            if case .body(_, let body) = state {
                state = .body(newValue, body)
            } else {
                state = .attempts(newValue)
            }
        }
    }

    /// Where a workflow body's decisions are; nil for other nodes.
    var body: BodyState? {
        get {
            if case .body(_, let body) = state { return body }
            return nil
        }
        set { state = newValue.map { .body(attempts, $0) } ?? .attempts(attempts) }
    }

    /// What a PAUSED gate waits for.
    var gate: GateStatus? {
        get {
            if case .gate(let status) = state { return status }
            return nil
        }
        set { state = newValue.map { .gate($0) } ?? .none }
    }

    /// The node's cache status, recorded with each of its events (nodes that run attempts).
    var cache: CacheInfo? {
        switch state {
        case .attempts(let attempts), .body(let attempts, _): attempts.cache
        default: nil
        }
    }
}

extension Node {
    var nodeKind: NodeKind {
        switch kind {
        case .task: .task
        case .gate: .gate
        case .branch: .branch
        case .workflow: .workflow
        case .map: .map
        case .dynamic: .dynamic
        case nil: .unspecified
        }
    }
}
