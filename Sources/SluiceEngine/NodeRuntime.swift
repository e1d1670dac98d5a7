import SluiceWire

/// What the engine knows about one node instance of an execution.
struct NodeRuntime: Sendable {
    /// How the node came to exist, which decides who hears when it ends.
    enum Role: Sendable {
        /// One of a workflow's (or sub-workflow's) own nodes: its scope tracks it.
        case scopeNode
        /// The case a branch chose: the branch node ends with it.
        case branchCase
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
    let role: Role

    var phase: NodePhase = .unspecified
    var inputs: [String: Literal] = [:]
    var outputs: [String: Literal] = [:]
    var error: ExecutionError?
    /// Dependencies that have not succeeded yet.
    var pendingDependencies = 0

    // Task nodes.
    var attempt: UInt32 = 0
    var currentAttemptID: String?
    /// The current attempt waits for its backoff to pass before it is dispatched.
    var awaitingRetry = false
    var userFailures: UInt32 = 0
    var systemFailures: UInt32 = 0
    /// Cacheable task nodes: the status so far and the key's digest, recorded with every event.
    var cache: CacheInfo?
    var cacheStep = CacheStep.none
    /// The node's cache key, computed once when it starts.
    var cacheKey: CacheKey?
    /// This node holds its key's reservation (serialized caching). Kept in its cache info, so
    /// that it is recorded with the node and known again after a restart.
    var holdsReservation: Bool {
        get { cache?.holdsReservation ?? false }
        set { cache?.holdsReservation = newValue }
    }

    // Gate nodes: what a PAUSED gate waits for.
    var gate: GateStatus?

    var hasStarted: Bool { phase != .unspecified }

    var kind: NodeKind { spec.nodeKind }
}

/// Where a cacheable task node is with the catalog.
enum CacheStep: Sendable, Hashable {
    case none
    /// Waiting for the catalog's answer (or for a held reservation to be released).
    case lookingUp
    /// Its attempt succeeded; waiting for the put before the node succeeds.
    case storing(attemptID: String, executorID: String, outputs: [String: Literal])
}

/// The nodes of one workflow instance: the execution's own workflow, or a running sub-workflow.
struct ScopeRuntime: Sendable {
    /// "" for the execution's workflow; else the id of the sub-workflow node that owns it.
    let key: String
    /// Prefix of its nodes' ids: "" or "sub/".
    let prefix: String
    let workflow: CompiledWorkflow
    let tasks: [Identifier: TaskSpec]
    let inputs: [String: Literal]
    var nodeIDs: [String] = []
    /// Spec id → the full ids of the nodes waiting on it.
    var dependents: [String: [String]] = [:]
    /// Nodes that have not succeeded yet; the scope is complete at 0.
    var unfinished = 0

    init(key: String, workflow: CompiledWorkflow, inputs: [String: Literal]) {
        self.key = key
        self.prefix = key.isEmpty ? "" : key + "/"
        self.workflow = workflow
        self.inputs = inputs
        var tasks: [Identifier: TaskSpec] = [:]
        for task in workflow.tasks {
            if let id = task.id { tasks[id] = task }
        }
        self.tasks = tasks
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
