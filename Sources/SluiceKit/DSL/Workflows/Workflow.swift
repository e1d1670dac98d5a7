/// A workflow a client can register, run or call as a sub-workflow: its spec, what it uses,
/// and the problems found while building it.
public protocol WorkflowDefinition: Sendable {
    var workflowID: Identifier { get }
    /// The spec as built. It may have problems; ``compiled()`` finds them all.
    var spec: WorkflowSpec { get }
    /// Problems the builder found (the compiler finds the others).
    var problems: [WorkflowProblem] { get }
    /// The tasks its nodes call, each once.
    var tasks: [any TaskDefinition] { get }
    /// The workflows its nodes call, each once.
    var subWorkflows: [any WorkflowDefinition] { get }
}

/// A workflow written in Swift. Its interface comes from the fields of `Input` and `Output`; the
/// build closure wires calls with futures and returns the workflow's outputs:
///
///     let chain = Workflow("chain", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
///         let a = wf.call(addOne, id: "a") { $0.x = wf.input(\.n) }
///         let b = wf.call(addOne, id: "b") { $0.x = a.y }
///         return wf.outputs { $0.result = b.y }
///     }
public struct Workflow<Input: Codable, Output: Codable>: WorkflowDefinition {
    public let workflowID: Identifier
    public let spec: WorkflowSpec
    public let problems: [WorkflowProblem]
    public let tasks: [any TaskDefinition]
    public let subWorkflows: [any WorkflowDefinition]

    public init(
        _ name: String, version: String, input: Input.Type = Input.self, output: Output.Type = Output.self,
        description: String = "", failurePolicy: FailurePolicy = .failImmediately, labels: [String: String] = [:],
        _ build: (Builder) -> FutureFields<Output>
    ) {
        var problems: [WorkflowProblem] = []
        var interface = TypedInterface()
        var inputTypes: [String: LiteralType]?
        do {
            interface.inputs = try LiteralSchema.variables(of: Input.self)
            inputTypes = WorkflowBuilder.types(of: interface.inputs)
        } catch {
            problems.append(WorkflowProblem(nodeID: "", message: "inputs: \(error)"))
        }
        do {
            interface.outputs = try LiteralSchema.fields(of: Output.self).map { Variable(name: $0.name, type: $0.type) }
        } catch {
            problems.append(WorkflowProblem(nodeID: "", message: "outputs: \(error)"))
        }

        let builder = Builder(inputTypes: inputTypes)
        let outputs = builder.bind(build(builder).named, nodeID: "")

        workflowID = Identifier(name: name, version: version)
        spec = WorkflowSpec(
            id: workflowID, interface: interface, nodes: builder.nodes, outputs: outputs,
            failurePolicy: failurePolicy, description: description, labels: labels)
        self.problems = problems + builder.problems
        tasks = builder.tasks
        subWorkflows = builder.subWorkflows
    }
}

extension WorkflowDefinition {
    /// Every task it runs, its sub-workflows' and its dynamic tasks' subgraphs' included, each
    /// once: what to register with it.
    public var allTasks: [any TaskDefinition] {
        var seen: Set<Identifier> = []
        var found: [any TaskDefinition] = []
        for workflow in allSubWorkflows + [self] {
            for task in Self.withCalls(workflow.tasks) where seen.insert(task.taskID).inserted {
                found.append(task)
            }
        }
        return found
    }

    /// Every sub-workflow, nested ones and those dynamic tasks' subgraphs may call included,
    /// each once, callees before their callers: the order to register them in.
    public var allSubWorkflows: [any WorkflowDefinition] {
        var seen: Set<Identifier> = [workflowID]
        var ordered: [any WorkflowDefinition] = []
        func visit(_ workflow: any WorkflowDefinition) {
            let called = Self.withCalls(workflow.tasks).flatMap { ($0 as? any DynamicTaskDefinition)?.workflows ?? [] }
            for sub in workflow.subWorkflows + called where seen.insert(sub.workflowID).inserted {
                visit(sub)
                ordered.append(sub)
            }
        }
        visit(self)
        return ordered
    }

    /// The tasks with those their dynamic tasks may call, at any depth, each once.
    private static func withCalls(_ tasks: [any TaskDefinition]) -> [any TaskDefinition] {
        var seen: Set<Identifier> = []
        var found: [any TaskDefinition] = []
        var pending = tasks
        while !pending.isEmpty {
            let task = pending.removeFirst()
            guard seen.insert(task.taskID).inserted else { continue }
            found.append(task)
            pending += (task as? any DynamicTaskDefinition)?.calls ?? []
        }
        return found
    }
}

/// A task that brings others with it: the tasks and workflows a dynamic task's subgraphs may
/// call, registered and served with any workflow that calls it.
public protocol DynamicTaskDefinition: TaskDefinition {
    var calls: [any TaskDefinition] { get }
    var workflows: [any WorkflowDefinition] { get }
}
