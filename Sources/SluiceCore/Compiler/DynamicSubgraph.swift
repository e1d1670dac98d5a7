import SluiceWire

/// The subgraph a dynamic task returns, as a workflow of its own: the task's interface is its
/// interface (the dynamic node's inputs are its inputs, and its outputs the node's), the
/// result's nodes and output bindings are its nodes and outputs. It is compiled with the rules
/// registration applies, against the registered tasks and workflows and the tasks the result
/// declares, and travels through the engine as the dynamic task's one output: a cache entry of
/// a dynamic task then holds its compiled subgraph, and a hit runs that subgraph again.
public enum DynamicSubgraph {
    /// The name of the dynamic task's one output, which holds the compiled subgraph.
    public static let outputName = "subgraph"

    /// The spec of the subgraph a dynamic node's task returned.
    public static func spec(of result: DynamicResult, task: TaskSpec, nodeID: String, failurePolicy: FailurePolicy) -> WorkflowSpec {
        let taskName = task.id?.name ?? "dynamic"
        var interface = task.interface
        // A body that has not returned yet binds no outputs.
        if BodyDecision.isBody(task), !result.complete { interface?.outputs = [] }
        return WorkflowSpec(
            id: Identifier(name: "\(taskName)@\(nodeID)", version: task.id?.version.isEmpty == false ? task.id!.version : "run-time"),
            interface: interface, nodes: result.nodes, outputs: result.outputs,
            failurePolicy: failurePolicy,
            description: "the subgraph task \(taskName) returned for node \(nodeID)")
    }

    /// Compiles the subgraph: every problem at once, as a ``WorkflowCompilationError`` naming
    /// the subgraph's nodes. A task the result declares is used before a registered one of the
    /// same name (and version, when the node names one).
    public static func compile(
        _ result: DynamicResult, task: TaskSpec, nodeID: String, failurePolicy: FailurePolicy,
        registry: some WorkflowRegistry
    ) throws -> CompiledWorkflow {
        let spec = spec(of: result, task: task, nodeID: nodeID, failurePolicy: failurePolicy)
        var problems: [WorkflowProblem] = []
        for declared in result.tasks {
            for problem in TaskValidator.problems(in: declared) {
                problems.append(WorkflowProblem(nodeID: "", message: "declared task \(declared.id?.name ?? "(unnamed)"): \(problem)"))
            }
        }
        if result.nodes.count > mostNodes {
            problems.append(WorkflowProblem(
                nodeID: "", message: "it has \(result.nodes.count) nodes, over the limit of \(mostNodes); a map node runs one task over a list of any length"))
        }
        if BodyDecision.isBody(task) {
            let calls = Set(result.nodes.map(\.id))
            for reference in result.awaiting where !calls.contains(reference.nodeID) {
                problems.append(WorkflowProblem(
                    nodeID: "", message: "it waits on '\(reference.nodeID)', which is not one of its calls (a future of another execution or run?)"))
            }
        } else if !result.awaiting.isEmpty {
            problems.append(WorkflowProblem(nodeID: "", message: "it waits on futures (awaiting), which only a body written as plain code may"))
        }
        if result.nodes.isEmpty, result.outputs.isEmpty, result.complete || !BodyDecision.isBody(task), !(task.interface?.outputs.isEmpty ?? true) {
            problems.append(WorkflowProblem(nodeID: "", message: "the subgraph has no nodes and binds none of the outputs"))
        }
        guard problems.isEmpty else { throw WorkflowCompilationError(workflow: spec.id ?? Identifier(), problems: problems) }
        return try WorkflowCompiler.compile(spec, registry: DeclaringRegistry(declared: result.tasks, registered: registry))
    }

    /// Why a compiled subgraph is too large to record, if it is: it is recorded on its node
    /// (and in the cache), which must leave room in a page of an execution's nodes.
    public static func sizeRefusal(of compiled: CompiledWorkflow) throws -> String? {
        let size = try compiled.serializedBytes().count
        guard size > mostBytes else { return nil }
        return "the subgraph the task returned is invalid: subgraph: it takes \(size) bytes, over the limit of "
            + "\(mostBytes); pass large values through task outputs or blobs, not as literals in the subgraph"
    }

    /// What failing a dynamic node for an invalid subgraph says: every problem, each naming
    /// its node in the subgraph.
    public static func refusal(_ error: WorkflowCompilationError) -> String {
        "the subgraph the task returned is invalid: " + error.problems.map { problem in
            problem.nodeID.isEmpty && problem.input.isEmpty ? "subgraph: \(problem.message)" : problem.description
        }.joined(separator: "; ")
    }

    /// The most nodes one subgraph holds: a wider fan-out of one task is a map node's job.
    public static let mostNodes = 10_000
    /// The most bytes a compiled subgraph takes: it is recorded on its node, which must fit in
    /// a page of an execution's nodes with room to spare.
    public static let mostBytes = 4 << 20

    /// A dynamic task's outputs carrying its subgraph: as the task returned it (a
    /// `DynamicResult`, from an executor) or as admin compiled it (a `CompiledWorkflow`, what
    /// the engine runs and the cache keeps).
    public static func outputs(carrying subgraph: some WireMessage) throws -> [String: Literal] {
        [outputName: .bytes(try subgraph.serializedBytes())]
    }

    /// The compiled subgraph that `outputs` carry; throws ``Malformed`` when they carry none.
    public static func subgraph(in outputs: [String: Literal]) throws -> CompiledWorkflow {
        try carried(CompiledWorkflow.self, in: outputs)
    }

    /// The subgraph as the task returned it, which `outputs` carry; throws ``Malformed`` when
    /// they carry none.
    public static func result(in outputs: [String: Literal]) throws -> DynamicResult {
        try carried(DynamicResult.self, in: outputs)
    }

    private static func carried<Message: WireMessage>(_ type: Message.Type, in outputs: [String: Literal]) throws -> Message {
        guard outputs.count == 1, case .bytes(let bytes)? = outputs[outputName] else {
            throw Malformed("a dynamic task's result carries exactly one output, \(outputName), holding its subgraph")
        }
        do {
            return try Message(serializedBytes: bytes, limits: .default)
        } catch {
            throw Malformed("the dynamic task's subgraph cannot be read: \(error)")
        }
    }

    /// The interface a dynamic task's result is checked against.
    public static let resultInterface = TypedInterface(outputs: [Variable(name: outputName, type: .simple(.bytes))])

    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Tasks a dynamic result declares, before the registered ones.
private struct DeclaringRegistry<Registered: WorkflowRegistry>: WorkflowRegistry {
    let declared: [TaskSpec]
    let registered: Registered

    func task(_ id: Identifier) throws -> TaskSpec? {
        let found = declared.last { $0.id?.name == id.name && (id.version.isEmpty || $0.id?.version == id.version) }
        return try found ?? registered.task(id)
    }

    func workflow(_ id: Identifier) throws -> CompiledWorkflow? {
        try registered.workflow(id)
    }
}
