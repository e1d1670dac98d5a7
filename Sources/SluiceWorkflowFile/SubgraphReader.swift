extension WorkflowFile {
    /// The subgraph a shell dynamic task wrote (docs/workflow-yaml.md, "Dynamic nodes"): YAML with `nodes:` as in a
    /// workflow (`$inputs.x` reads the dynamic node's inputs), `outputs:` binding each of the
    /// task's outputs, and optionally `tasks:` it declares, as in a workflow file. `interface`
    /// is the dynamic task's. Errors are ``WorkflowFileError``s naming `source`.
    public static func subgraph(_ yaml: String, source: String, interface: TypedInterface) throws(WorkflowFileError) -> DynamicResult {
        let document = try document(yaml, source: source, whenEmpty: "the subgraph is empty; it should have nodes: and outputs:")
        let mapping = try document.mapping(allowed: ["nodes", "outputs", "tasks"], what: "a subgraph")
        var result = DynamicResult(complete: true)
        var scope = FileScope()
        var problems = ProblemList()
        if let tasks = mapping["tasks"], !tasks.isNull {
            for entry in try tasks.sequence(what: "tasks") {
                guard let task = problems.attempt({ () throws(WorkflowFileError) in
                    try versionedTask(entry, in: scope, twice: "is declared twice in the subgraph")
                }) else { continue }
                scope.tasks[task.id?.name ?? ""] = task
                result.tasks.append(task)
            }
        }
        let nodeEntries = try mapping["nodes"].map { entry throws(WorkflowFileError) in
            entry.isNull ? [] : try entry.sequence(what: "nodes")
        } ?? []
        let outlines = try NodeOutlines(nodes: nodeEntries, scope: scope)
        let builder = NodeBuilder(outlines: outlines, workflowInputs: interface.inputs)
        result.nodes = outlines.topLevel.compactMap { id in
            problems.attempt { () throws(WorkflowFileError) in try builder.node(id) }
        }
        let declared = Dictionary(interface.outputs.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let written = try mapping["outputs"].map { entry throws(WorkflowFileError) in
            entry.isNull ? [] : try entry.openMapping(what: "outputs").entries
        } ?? []
        for (name, entry) in written {
            problems.attempt { () throws(WorkflowFileError) in
                guard let type = declared[name] else {
                    let known = declared.keys.sorted().joined(separator: ", ")
                    throw entry.error("'\(name)' is not an output of the dynamic task (it has: \(known.isEmpty ? "none" : known))")
                }
                result.outputs[name] = try builder.binding(entry, type: type, in: nil).0
            }
        }
        for name in declared.keys.sorted() where !written.contains(where: { $0.0 == name }) {
            problems.attempt { () throws(WorkflowFileError) in
                throw document.error("outputs: the subgraph does not bind the task's output '\(name)'")
            }
        }
        try problems.throwIfAny()
        return result
    }
}
