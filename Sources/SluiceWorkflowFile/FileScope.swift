/// The tasks and workflows one file defines, so that `task: square` in a node pins the file's
/// own `square` (its version, its interface) instead of whatever is registered latest.
struct FileScope {
    var tasks: [String: TaskSpec] = [:]
    var workflows: [String: WorkflowSpec] = [:]

    /// The identifier to put in the node, and the spec when the file defines it.
    func task(_ id: Identifier) -> (Identifier, TaskSpec?) {
        guard let task = tasks[id.name], let defined = task.id, id.version.isEmpty || id.version == defined.version else {
            return (id, nil)
        }
        return (defined, task)
    }

    func workflow(_ id: Identifier) -> (Identifier, WorkflowSpec?) {
        guard let workflow = workflows[id.name], let defined = workflow.id, id.version.isEmpty || id.version == defined.version else {
            return (id, nil)
        }
        return (defined, workflow)
    }
}
