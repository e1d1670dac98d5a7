import Yams

/// One entry of `workflows:` as a WorkflowSpec.
enum WorkflowReader {
    static let keys = ["name", "version", "description", "labels", "inputs", "outputs", "failure_policy", "nodes"]

    /// The workflow as written; an empty version is filled in from its content by the caller.
    static func read(_ entry: YAMLEntry, scope: FileScope) throws(WorkflowFileError) -> WorkflowSpec {
        let mapping = try entry.mapping(allowed: keys, what: "a workflow")
        let nameEntry = try mapping.required("name", what: "a workflow")
        let name = try nameEntry.nonEmptyText(what: "name")
        try NameRules.checkRegisteredName(name, nameEntry, what: "workflow name")
        var workflow = WorkflowSpec(id: Identifier(name: name, version: try TaskReader.version(mapping)))
        if let description = mapping["description"] { workflow.description = try description.text(what: "description") }
        if let labels = mapping["labels"] { workflow.labels = try TaskReader.textMap(labels, what: "labels") }
        if let policy = mapping["failure_policy"] { workflow.failurePolicy = try failurePolicy(policy) }
        let inputs = try mapping["inputs"].map { entry throws(WorkflowFileError) in try InterfaceReader.inputs(entry) } ?? []

        let nodesEntry = try mapping.required("nodes", what: "a workflow")
        let nodeEntries = try nodesEntry.sequence(what: "nodes")
        guard !nodeEntries.isEmpty else { throw nodesEntry.error("a workflow needs at least one node") }
        let outlines = try NodeOutlines(nodes: nodeEntries, scope: scope)
        let builder = NodeBuilder(outlines: outlines, workflowInputs: inputs)
        // Nodes and outputs refer to one another through the outlines, which have been read
        // whole: each can be checked on its own, so a problem in one does not stop the rest.
        var problems = ProblemList()
        workflow.nodes = outlines.topLevel.compactMap { id in
            problems.attempt { () throws(WorkflowFileError) in try builder.node(id) }
        }

        var outputs: [Variable] = []
        if let outputsEntry = mapping["outputs"], !outputsEntry.isNull {
            for (outputName, value) in try outputsEntry.openMapping(what: "outputs").entries {
                problems.attempt { () throws(WorkflowFileError) in
                    try NameRules.checkVariableName(outputName, value, what: "output")
                    let (variable, binding) = try output(outputName, value, builder: builder)
                    outputs.append(variable)
                    workflow.outputs[outputName] = binding
                }
            }
        }
        try problems.throwIfAny()
        workflow.interface = TypedInterface(inputs: inputs, outputs: outputs)
        return workflow
    }

    /// `name: $node.output`, or `name: {from: $node.output, type: T, description: text}`.
    private static func output(_ name: String, _ entry: YAMLEntry, builder: NodeBuilder) throws(WorkflowFileError) -> (Variable, Binding) {
        var variable = Variable(name: name)
        var source = entry
        if case .mapping = entry.node {
            let mapping = try entry.mapping(allowed: ["from", "type", "description"], what: "a workflow output")
            source = try mapping.required("from", what: "a workflow output")
            if let type = mapping["type"] { variable.type = try InterfaceReader.type(type) }
            if let description = mapping["description"] { variable.description = try description.text(what: "description") }
        }
        let (binding, inferred) = try builder.binding(source, type: variable.type, in: nil)
        if variable.type == nil { variable.type = inferred ?? NodeBuilder.naturalType(of: binding) }
        guard variable.type != nil else {
            throw entry.error("cannot tell the type of output '\(name)'; declare it: \(name): {from: ..., type: ...}")
        }
        return (variable, binding)
    }

    private static func failurePolicy(_ entry: YAMLEntry) throws(WorkflowFileError) -> FailurePolicy {
        switch try entry.text(what: "failure_policy") {
        case "fail_immediately": return .failImmediately
        case "fail_after_running_nodes": return .failAfterRunningNodes
        case let other: throw entry.error("unknown failure_policy '\(other)' (fail_immediately or fail_after_running_nodes)")
        }
    }

    /// The names of the workflows that `entry` uses as sub-workflows, read leniently: the full
    /// read reports anything malformed.
    static func subWorkflowNames(_ entry: YAMLEntry) -> [String] {
        referencedNames(entry, kind: "workflow")
    }

    /// The names of the tasks that `entry`'s nodes run, read as leniently.
    static func taskNames(_ entry: YAMLEntry) -> [String] {
        referencedNames(entry, kind: "task") + referencedNames(entry, kind: "dynamic")
    }

    /// The names that `entry`'s nodes give under `kind` ("task", "dynamic" or "workflow"), without versions.
    private static func referencedNames(_ entry: YAMLEntry, kind: String) -> [String] {
        var names: [String] = []
        func visitNode(_ node: Yams.Node?) {
            guard case .mapping(let mapping)? = node else { return }
            if let text = mapping[kind]?.string {
                names.append(String(text.split(separator: ":", maxSplits: 1).first ?? ""))
            }
            guard case .mapping(let branch)? = mapping["branch"] else { return }
            if case .sequence(let cases)? = branch["cases"] {
                for branchCase in cases { visitNode(branchCase.mapping?["then"]) }
            }
            visitNode(branch["else"])
        }
        if case .mapping(let mapping) = entry.node, case .sequence(let nodes)? = mapping["nodes"] {
            nodes.forEach(visitNode)
        }
        return names
    }
}
