import SluiceWire

/// One thing wrong with a workflow, naming where.
public struct WorkflowProblem: Sendable, Hashable, CustomStringConvertible {
    /// The node ("" for the workflow itself, e.g. its outputs or interface).
    public var nodeID: String
    /// The node input or workflow output concerned, when there is one.
    public var input: String
    public var message: String

    public init(nodeID: String, input: String = "", message: String) {
        self.nodeID = nodeID
        self.input = input
        self.message = message
    }

    public var description: String {
        var place = nodeID.isEmpty ? "workflow" : "node \(nodeID)"
        if !input.isEmpty { place += ", input \(input)" }
        return "\(place): \(message)"
    }
}

/// Every problem registration found, all at once.
public struct WorkflowCompilationError: Error, Sendable, CustomStringConvertible {
    public var workflow: Identifier
    public var problems: [WorkflowProblem]

    public init(workflow: Identifier, problems: [WorkflowProblem]) {
        self.workflow = workflow
        self.problems = problems
    }

    public var description: String {
        "workflow \(workflow.name):\(workflow.version) has \(problems.count) problem(s): "
            + problems.map(\.description).joined(separator: "; ")
    }
}

/// What the compiler reads registered tasks and workflows from. An empty version means the
/// latest registered one.
public protocol WorkflowRegistry {
    func task(_ id: Identifier) throws -> TaskSpec?
    func workflow(_ id: Identifier) throws -> CompiledWorkflow?
}

public enum WorkflowCompiler {
    /// Validates the workflow against the registry and pins every task and sub-workflow it uses
    /// to a version. Throws ``WorkflowCompilationError`` listing every problem.
    ///
    /// Pinning sets the version of every task, map and dynamic node's task and every
    /// sub-workflow node's workflow to the one the registry resolved, and fills in each future's
    /// `type` with what its producer declares. The result holds each task and sub-workflow used
    /// once, and the digest of the pinned spec.
    public static func compile(_ spec: WorkflowSpec, registry: some WorkflowRegistry) throws -> CompiledWorkflow {
        let compilation = WorkflowCompilation(
            spec: spec,
            lookUpTask: { try registry.task($0) },
            lookUpWorkflow: { try registry.workflow($0) })
        return try compilation.run()
    }
}
