import SluiceWire

/// The nodes of one workflow instance: the execution's own workflow, a running sub-workflow,
/// or (for kinds that make graphs at run time) a subgraph recorded as a compiled workflow of
/// its own, resolved against the one it runs in.
struct ScopeRuntime: Sendable {
    /// "" for the execution's workflow; else the id of the node that owns it.
    let key: String
    /// Prefix of its nodes' ids: "" or "sub/".
    let prefix: String
    /// Grows as a workflow body makes calls.
    var workflow: CompiledWorkflow
    var tasks: [Identifier: TaskSpec]
    let inputs: [String: Literal]
    /// A workflow body's calls: a failed one fails the calls that depend on it, not the body,
    /// and the body's node hears of each one's end (``NodeHandler/childEnded(_:of:in:)``).
    let isBody: Bool
    var nodeIDs: [String] = []
    /// Spec id → the full ids of the nodes waiting on it.
    var dependents: [String: [String]] = [:]
    /// Nodes that have not succeeded yet; the scope is complete at 0.
    var unfinished = 0

    init(key: String, workflow: CompiledWorkflow, inputs: [String: Literal], isBody: Bool = false) {
        self.key = key
        self.prefix = key.isEmpty ? "" : key + "/"
        self.workflow = workflow
        self.inputs = inputs
        self.isBody = isBody
        var tasks: [Identifier: TaskSpec] = [:]
        for task in workflow.tasks {
            if let id = task.id { tasks[id] = task }
        }
        self.tasks = tasks
    }

    /// The task `id` as this scope's workflow pins it. The index answers pinned ids at once;
    /// the compiler's lookup also takes an unpinned one (specs built by hand).
    func task(_ id: Identifier) -> TaskSpec? {
        tasks[id] ?? workflow.task(id)
    }
}
