import Foundation
import SluiceCore
import SluiceRPC
import SluiceWire

/// Shell tasks and workflows built from the wire types, as any client could send them.
enum ShellSpecs {
    static let int = LiteralType.simple(.int)

    static func task(
        _ name: String, inputs: [String: LiteralType], outputs: [String: LiteralType], script: String,
        retries: UInt32 = 0, timeout: Duration? = nil, heartbeatTimeout: Duration? = nil
    ) -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: name, version: "1")
        task.interface = TypedInterface(
            inputs: inputs.sorted { $0.key < $1.key }.map { Variable(name: $0.key, type: $0.value) },
            outputs: outputs.sorted { $0.key < $1.key }.map { Variable(name: $0.key, type: $0.value) })
        task.kind = .shell(ShellTask(script: script))
        if retries > 0 {
            var policy = RetryPolicy()
            policy.maxRetries = retries
            task.retries = policy
        }
        task.timeout = timeout
        task.heartbeatTimeout = heartbeatTimeout
        return task
    }

    static let addOne = task("add-one", inputs: ["x": int], outputs: ["y": int], script: "x={{inputs.x}}; echo $(( x + 1 ))")
    static let sum = task(
        "sum", inputs: ["values": .collection(int)], outputs: ["total": int],
        script: "v={{inputs.values}}; echo $(( $(echo \"$v\" | tr -d '[] ' | sed 's/,/+/g') + 0 ))")
    /// Fails its first attempt in each execution, then prints x.
    static let flaky = task(
        "flaky", inputs: ["x": int], outputs: ["y": int],
        script: """
        m="${TMPDIR:-/tmp}/sluice-flaky-$SLUICE_EXECUTION_ID-$(echo "$SLUICE_NODE_ID" | tr / _)"
        if [ ! -e "$m" ]; then touch "$m"; echo "first attempt fails on purpose" >&2; exit 3; fi
        echo {{inputs.x}}
        """, retries: 2)
    static let fail = task("fail", inputs: ["x": int], outputs: ["y": int], script: "echo boom >&2; exit 7")
    static func sleeper(seconds: String, timeout: Duration? = nil) -> TaskSpec {
        task("sleep-\(seconds.replacingOccurrences(of: ".", with: "_"))", inputs: ["x": int], outputs: ["y": int],
             script: "sleep \(seconds); echo {{inputs.x}}", timeout: timeout)
    }

    static func future(_ node: String, _ output: String) -> Binding {
        .future(Future(reference: OutputReference(nodeID: node, output: output)))
    }

    static func node(_ id: String, _ task: TaskSpec, _ inputs: [String: Binding], upstream: [String] = []) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.upstream = upstream
        node.kind = .task(TaskNode(task: task.id))
        return node
    }

    static func workflow(
        _ name: String, inputs: [String: LiteralType] = ["n": int], outputs: [String: LiteralType],
        nodes: [Node], bindings: [String: Binding], policy: FailurePolicy = .failImmediately
    ) -> WorkflowSpec {
        var spec = WorkflowSpec()
        spec.id = Identifier(name: name, version: "1")
        spec.interface = TypedInterface(
            inputs: inputs.sorted { $0.key < $1.key }.map { Variable(name: $0.key, type: $0.value) },
            outputs: outputs.sorted { $0.key < $1.key }.map { Variable(name: $0.key, type: $0.value) })
        spec.nodes = nodes
        spec.outputs = bindings
        spec.failurePolicy = policy
        return spec
    }
}

/// Calls a test makes against admin.
extension AdminClient {
    func register(tasks: [TaskSpec], workflows: [WorkflowSpec]) async throws {
        for task in tasks { _ = try await call(.registerTask(RegisterTaskRequest(task: task))) }
        for workflow in workflows { _ = try await call(.registerWorkflow(RegisterWorkflowRequest(workflow: workflow))) }
    }

    func start(_ workflow: String, inputs: [String: Literal], timeout: Duration? = nil) async throws -> Execution {
        var spec = ExecutionSpec()
        spec.workflow = Identifier(name: workflow, version: "")
        spec.inputs = inputs
        spec.timeout = timeout
        guard case .createExecution(let reply) = try await call(.createExecution(CreateExecutionRequest(spec: spec))),
              let execution = reply.execution else { throw ServiceError.internal("no execution in the reply") }
        return execution
    }

    /// Follows the execution's events until it ends; returns it.
    func waitForEnd(_ id: String, within limit: Duration = .seconds(60)) async throws -> Execution {
        let deadline = ContinuousClock.now + limit
        var after: UInt64 = 0
        while ContinuousClock.now < deadline {
            guard case .getEvents(let events) = try await call(
                .getEvents(GetEventsRequest(executionID: id, afterSequence: after, limit: 1000, waitMs: 2000)),
                timeout: .seconds(10)) else { break }
            after = max(after, events.lastSequence)
            if events.phase.isTerminal, events.events.isEmpty || events.events.last?.sequence == events.lastSequence {
                break
            }
        }
        return try await execution(id)
    }

    func execution(_ id: String) async throws -> Execution {
        guard case .getExecution(let reply) = try await call(.getExecution(GetExecutionRequest(executionID: id))),
              let execution = reply.execution else { throw ServiceError.internal("no execution in the reply") }
        return execution
    }

    func nodes(_ id: String) async throws -> [String: NodeExecution] {
        guard case .listNodeExecutions(let reply) = try await call(.listNodeExecutions(ListNodeExecutionsRequest(executionID: id))) else {
            return [:]
        }
        return Dictionary(reply.nodes.map { ($0.nodeID, $0) }, uniquingKeysWith: { $1 })
    }
}
