import SluiceEngine
import SluiceWire

/// Specs built by hand, as the compiler would pin them.
enum Specs {
    static let int = LiteralType.simple(.int)

    /// A task taking `x: int` and returning `y: int`.
    static func addOne(retries: RetryPolicy? = nil, timeout: Duration? = nil, name: String = "add-one") -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: name, version: "1")
        task.interface = TypedInterface(
            inputs: [Variable(name: "x", type: int)], outputs: [Variable(name: "y", type: int)])
        task.kind = .shell(ShellTask(script: "x={{inputs.x}}; echo $(( x + 1 ))"))
        task.retries = retries
        task.timeout = timeout
        return task
    }

    /// A task summing `values: list<int>` into `total: int`.
    static func sum() -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: "sum", version: "1")
        task.interface = TypedInterface(
            inputs: [Variable(name: "values", type: .collection(int))], outputs: [Variable(name: "total", type: int)])
        task.kind = .shell(ShellTask(script: "true"))
        return task
    }

    static func future(_ node: String, _ output: String) -> Binding {
        .future(Future(reference: OutputReference(nodeID: node, output: output)))
    }

    static func taskNode(_ id: String, _ task: TaskSpec, inputs: [String: Binding], metadata: NodeMetadata? = nil) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.kind = .task(TaskNode(task: task.id))
        node.metadata = metadata
        return node
    }

    static func workflow(
        _ name: String, nodes: [Node], tasks: [TaskSpec], outputs: [String: Binding],
        inputs: [Variable] = [Variable(name: "n", type: int)], outputTypes: [Variable] = [],
        policy: FailurePolicy = .failImmediately, subWorkflows: [CompiledWorkflow] = []
    ) -> CompiledWorkflow {
        var spec = WorkflowSpec()
        spec.id = Identifier(name: name, version: "1")
        spec.interface = TypedInterface(inputs: inputs, outputs: outputTypes)
        spec.nodes = nodes
        spec.outputs = outputs
        spec.failurePolicy = policy
        return CompiledWorkflow(spec: spec, tasks: tasks, subWorkflows: subWorkflows, digest: "sha256:test")
    }

    static func execution(_ id: String = "ex-test", of workflow: CompiledWorkflow, inputs: [String: Literal] = ["n": .int(1)]) -> Execution {
        var spec = ExecutionSpec()
        spec.workflow = workflow.spec?.id
        spec.inputs = inputs
        var execution = Execution()
        execution.id = id
        execution.spec = spec
        execution.phase = .queued
        return execution
    }
}

/// Drives a machine the way the scheduler does, remembering what it asked for.
struct Driver {
    var machine: ExecutionMachine
    var events: [Event] = []
    /// Attempts dispatched and not yet completed, in dispatch order.
    var queued: [AttemptAssignment] = []
    var cancelled: [String] = []
    var timers: [(at: Timestamp, key: TimerKey)] = []
    /// Catalog calls asked for and not yet answered.
    var lookups: [CacheLookup] = []
    var puts: [CachePut] = []
    var releases: [String] = []
    var holds: [String] = []
    var now = Timestamp(seconds: 1_800_000_000)

    init(_ workflow: CompiledWorkflow, inputs: [String: Literal] = ["n": .int(1)]) {
        machine = ExecutionMachine(execution: Specs.execution(of: workflow, inputs: inputs), workflow: workflow)
    }

    mutating func take(_ effects: [EngineEffect]) {
        for effect in effects {
            switch effect {
            case .record(let event): events.append(event)
            case .dispatch(let dispatch): queued.append(dispatch.assignment)
            case .cancel(let id):
                cancelled.append(id)
                queued.removeAll { $0.attemptID == id }
            case .timer(let at, let key): timers.append((at, key))
            case .cacheLookup(let lookup): lookups.append(lookup)
            case .cachePut(let put): puts.append(put)
            case .cacheRelease(_, let holder): releases.append(holder)
            case .cacheHold(_, let holder): holds.append(holder)
            case .finished: break
            }
        }
    }

    mutating func start() { take(machine.start(now: now)) }

    /// Answers the lookup asked for `node`.
    mutating func answerLookup(_ node: String, _ result: CacheLookupResult) {
        lookups.removeAll { $0.nodeID == node }
        take(machine.cacheLookedUp(node, result, now: now))
    }

    /// Answers the put asked for `node`.
    mutating func answerPut(_ node: String, stored: Bool) {
        puts.removeAll { $0.nodeID == node }
        take(machine.cacheStored(node, stored, now: now))
    }

    /// The queued attempt of a node.
    func attempt(of node: String) -> AttemptAssignment? { queued.first { $0.nodeID == node } }

    @discardableResult
    mutating func succeed(_ node: String, _ outputs: [String: Literal]) -> Bool {
        guard let attempt = attempt(of: node) else { return false }
        queued.removeAll { $0.attemptID == attempt.attemptID }
        guard let effects = machine.attemptSucceeded(attempt.attemptID, outputs: outputs, executorID: "e1", now: now) else { return false }
        take(effects)
        return true
    }

    mutating func fail(_ node: String, kind: ErrorKind = .user, code: String = "NonZeroExit") {
        guard let attempt = attempt(of: node) else { return }
        queued.removeAll { $0.attemptID == attempt.attemptID }
        var error = ExecutionError()
        error.kind = kind
        error.code = code
        error.message = "exit status 1"
        take(machine.attemptFailed(attempt.attemptID, error: error, executorID: "e1", now: now) ?? [])
    }

    mutating func advance(by duration: Duration) {
        now = now + duration
        let due = timers.filter { $0.at <= now }
        timers.removeAll { $0.at <= now }
        for timer in due { take(machine.timerFired(timer.key, now: now)) }
    }

    /// Node phases as last recorded.
    var nodePhases: [String: NodePhase] {
        var phases: [String: NodePhase] = [:]
        for event in events {
            if case .node(let node) = event.kind { phases[node.nodeID] = node.phase }
        }
        return phases
    }

    var executionPhase: ExecutionPhase? {
        events.compactMap { event -> ExecutionPhase? in
            if case .execution(let execution) = event.kind { return execution.phase }
            return nil
        }.last
    }

    var executionOutputs: [String: Literal] {
        for event in events.reversed() {
            if case .execution(let execution) = event.kind, execution.phase == .succeeded { return execution.outputs }
        }
        return [:]
    }
}
