import SluiceCore
import SluiceExecutor

/// A task that decides at run time what to run: its body gets its inputs as values and builds
/// a subgraph with the same calls a workflow's build closure makes, and the dynamic node that
/// calls it runs that subgraph (Flyte's `@dynamic`). The model search: a task finds the models
/// to try, and a dynamic task evaluates each, then picks the best:
///
///     let evaluateAll = DynamicTask("evaluate-all", version: "1", calls: [evaluate, pickBest]) {
///         (input: Candidates, wf: Workflow<Candidates, Best>.Builder) in
///         let scores = input.models.map { model in wf.call(evaluate) { $0.model = .constant(model) }.score }
///         let best = wf.call(pickBest) { $0.scores = wf.collect(scores) }
///         return wf.outputs { $0.model = best.model }
///     }
///
/// The subgraph's interface is the task's: `wf.input(\.field)` reads the dynamic node's
/// inputs, and the outputs set are the node's. Its node ids are the node's id and the call's
/// ("evaluate/n3"). `calls` lists the tasks and workflows the subgraphs may use: registering a
/// workflow that calls this task registers them too, and a worker serving it serves their
/// Swift bodies. Retries, timeouts and caching apply to the dynamic task itself; a cached one
/// keeps its subgraph, whose nodes cache as usual.
public struct DynamicTask<Input: Codable & SendableMetatype, Output: Codable & SendableMetatype>: SwiftTaskDefinition, DynamicTaskDefinition {
    public typealias Build = @Sendable (Input, Workflow<Input, Output>.Builder) async throws -> FutureFields<Output>

    public let name: String
    public let version: String
    public var options: TaskOptions
    /// Tasks its subgraphs may call (see the type's description).
    public let calls: [any TaskDefinition]
    /// Workflows its subgraphs may call as sub-workflows.
    public let workflows: [any WorkflowDefinition]
    private let interface: Result<TypedInterface, SchemaError>
    private let build: Build

    public init(
        _ name: String, version: String, description: String = "", retries: Retries? = nil, timeout: Duration? = nil,
        pool: String = "", cache: Caching? = nil, labels: [String: String] = [:],
        calls: [any TaskDefinition] = [], workflows: [any WorkflowDefinition] = [], _ build: @escaping Build
    ) {
        self.name = name
        self.version = version
        self.options = TaskOptions(
            description: description, retries: retries, timeout: timeout, pool: pool, cache: cache, labels: labels)
        self.calls = calls
        self.workflows = workflows
        self.build = build
        self.interface = TypedBody.interface(Input.self, Output.self)
    }

    public var taskID: Identifier { Identifier(name: name, version: version) }
    public var functionName: String { name }

    public var spec: TaskSpec {
        get throws {
            options.spec(
                id: taskID, interface: try interface.get(),
                kind: .dynamic(SluiceWire.DynamicTask(body: .swiftName(functionName), style: .subgraph)))
        }
    }

    /// Builds the subgraph for `input`, as the executor does, without running it: for unit
    /// tests of what a dynamic task returns.
    public func subgraph(for input: Input) async throws -> DynamicResult {
        let interface = try interface.get()
        let builder = Workflow<Input, Output>.Builder(inputTypes: WorkflowBuilder.types(of: interface.inputs))
        let outputs = builder.bind(try await build(input, builder).named, nodeID: "")
        guard builder.problems.isEmpty else {
            throw TaskFailure(
                code: "InvalidSubgraph",
                message: "the subgraph task \(name) built has problems: " + builder.problems.map(\.description).joined(separator: "; "))
        }
        return DynamicResult(nodes: builder.nodes, tasks: (builder.tasks + calls).declaredSpecs, outputs: outputs, complete: true)
    }

    /// The body an executor runs: the subgraph for the inputs, encoded as the task's one output.
    public var body: SwiftTaskRegistry.Body {
        { @Sendable inputs in
            let result = try await subgraph(for: try TypedBody.decodedInput(Input.self, from: inputs))
            return try DynamicSubgraph.outputs(carrying: result)
        }
    }
}
