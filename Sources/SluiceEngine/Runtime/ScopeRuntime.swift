import SluiceWire

/// The nodes of one workflow instance: the execution's own workflow, a running sub-workflow,
/// or (for kinds that make graphs at run time) a subgraph recorded as a compiled workflow of
/// its own, resolved against the one it runs in.
struct ScopeRuntime: Sendable {
    /// "" for the execution's workflow; else the id of the node that owns it.
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

    /// The task `id` as this scope's workflow pins it. The index answers pinned ids at once;
    /// the compiler's lookup also takes an unpinned one (specs built by hand).
    func task(_ id: Identifier) -> TaskSpec? {
        tasks[id] ?? workflow.task(id)
    }
}
