import SluiceWire

/// One run of the workflow compiler: checks a spec against the registry, collecting every
/// problem instead of stopping at the first, and builds the pinned, compiled workflow.
final class WorkflowCompilation {
    typealias TaskLookup = (Identifier) throws -> TaskSpec?
    typealias WorkflowLookup = (Identifier) throws -> CompiledWorkflow?

    let spec: WorkflowSpec
    private let lookUpTask: TaskLookup
    private let lookUpWorkflow: WorkflowLookup

    private(set) var problems: [WorkflowProblem] = []
    /// The workflow's own nodes by id (the first of a duplicated id).
    private(set) var topLevelNodes: [String: Node] = [:]
    /// Every node by id, case nodes of branches included, with the top-level node it belongs to.
    private(set) var enclosingNode: [String: String] = [:]
    private(set) var allNodes: [String: Node] = [:]
    let workflowInputs: [String: Variable]

    private var taskLookups: [Identifier: TaskSpec?] = [:]
    private var workflowLookups: [Identifier: CompiledWorkflow?] = [:]
    private var usedTasks: [TaskSpec] = []
    private var usedWorkflows: [CompiledWorkflow] = []
    private var outputCache: [String: [String: LiteralType]?] = [:]
    private var outputsInProgress: Set<String> = []

    init(spec: WorkflowSpec, lookUpTask: @escaping TaskLookup, lookUpWorkflow: @escaping WorkflowLookup) {
        self.spec = spec
        self.lookUpTask = lookUpTask
        self.lookUpWorkflow = lookUpWorkflow
        var inputs: [String: Variable] = [:]
        for variable in spec.interface?.inputs ?? [] where inputs[variable.name] == nil {
            inputs[variable.name] = variable
        }
        workflowInputs = inputs
    }

    func report(_ nodeID: String, input: String = "", _ message: String) {
        let problem = WorkflowProblem(nodeID: nodeID, input: input, message: message)
        if !problems.contains(problem) { problems.append(problem) }
    }

    func run() throws(WorkflowCompilationError) -> CompiledWorkflow {
        checkIdentity()
        indexNodes()
        var pinned = spec
        pinned.nodes = spec.nodes.map { check($0, enclosing: $0.id) }
        checkCycles(in: pinned.nodes)
        pinned.outputs = checkWorkflowOutputs()

        var digest = ""
        do {
            digest = ContentDigest.sha256(try pinned.serializedBytes())
        } catch {
            report("", "the workflow cannot be encoded: \(error)")
        }
        guard problems.isEmpty else {
            throw WorkflowCompilationError(workflow: spec.id ?? Identifier(), problems: problems)
        }
        return CompiledWorkflow(spec: pinned, tasks: usedTasks, subWorkflows: usedWorkflows, digest: digest)
    }

    private func checkIdentity() {
        if (spec.id?.name ?? "").isEmpty { report("", "the workflow has no name") }
        if (spec.id?.version ?? "").isEmpty { report("", "the workflow has no version") }
        for problem in InterfaceValidation.problems(in: spec.interface) {
            report("", input: problem.name, problem.description)
        }
    }

    /// Ids must be unique across the whole workflow, case nodes included, because they name
    /// node executions; "/" is kept for the hierarchical ids of sub-workflow nodes.
    private func indexNodes() {
        func index(_ node: Node, enclosing: String, isTopLevel: Bool) {
            if node.id.isEmpty {
                report("", "a node has no id")
            } else if node.id.contains("/") {
                report(node.id, "node ids cannot contain '/' (it separates the ids of nested nodes at run time)")
            }
            if !node.id.isEmpty {
                if allNodes[node.id] != nil {
                    report(node.id, "duplicate node id '\(node.id)'")
                } else {
                    allNodes[node.id] = node
                    enclosingNode[node.id] = enclosing
                    if isTopLevel { topLevelNodes[node.id] = node }
                }
            }
            if case .branch(let branch)? = node.kind {
                for caseNode in branch.cases.compactMap(\.thenNode) + (branch.elseNode.map { [$0] } ?? []) {
                    index(caseNode, enclosing: enclosing, isTopLevel: false)
                }
            }
        }
        for node in spec.nodes {
            index(node, enclosing: node.id, isTopLevel: true)
        }
    }

    // MARK: Registry

    /// The task for an identifier, looked up once; nil (and reported) when it is not there.
    func resolveTask(_ id: Identifier?, for nodeID: String) -> TaskSpec? {
        guard let id, !id.name.isEmpty else {
            report(nodeID, "the node names no task")
            return nil
        }
        guard let task = cachedTask(id) else {
            report(nodeID, "unknown task '\(Self.display(id))'")
            return nil
        }
        if !usedTasks.contains(where: { $0.id == task.id }) { usedTasks.append(task) }
        return task
    }

    func resolveWorkflow(_ id: Identifier?, for nodeID: String) -> CompiledWorkflow? {
        guard let id, !id.name.isEmpty else {
            report(nodeID, "the node names no workflow")
            return nil
        }
        guard let workflow = cachedWorkflow(id) else {
            report(nodeID, "unknown workflow '\(Self.display(id))'")
            return nil
        }
        guard workflow.spec != nil else {
            report(nodeID, "the registered workflow '\(Self.display(id))' has no spec")
            return nil
        }
        if !usedWorkflows.contains(where: { $0.spec?.id == workflow.spec?.id }) { usedWorkflows.append(workflow) }
        return workflow
    }

    private func cachedTask(_ id: Identifier) -> TaskSpec? {
        if let known = taskLookups[id] { return known }
        var found: TaskSpec?
        do {
            found = try lookUpTask(id)
        } catch {
            report("", "could not look up task '\(Self.display(id))': \(error)")
        }
        taskLookups[id] = found
        return found
    }

    private func cachedWorkflow(_ id: Identifier) -> CompiledWorkflow? {
        if let known = workflowLookups[id] { return known }
        var found: CompiledWorkflow?
        do {
            found = try lookUpWorkflow(id)
        } catch {
            report("", "could not look up workflow '\(Self.display(id))': \(error)")
        }
        workflowLookups[id] = found
        return found
    }

    /// "name:version", with "latest" for an empty version.
    static func display(_ id: Identifier) -> String {
        "\(id.name):\(id.version.isEmpty ? "latest" : id.version)"
    }

    // MARK: Output types

    /// What a node of this workflow gives, by id; nil when it cannot be told (an unknown
    /// callee, or a reference loop while working it out).
    func outputTypes(ofNode id: String) -> [String: LiteralType]? {
        if let known = outputCache[id] { return known }
        guard let node = allNodes[id], !outputsInProgress.contains(id) else { return nil }
        outputsInProgress.insert(id)
        let outputs = outputView.outputs(of: node)
        outputsInProgress.remove(id)
        outputCache[id] = outputs
        return outputs
    }

    /// Output types seen through the registry, with bindings typed silently: problems with the
    /// bindings are reported where the bindings are checked, once.
    var outputView: NodeOutputTypes {
        NodeOutputTypes(
            task: { [unowned self] in cachedTask($0) },
            workflow: { [unowned self] in cachedWorkflow($0) },
            bindingType: { [unowned self] in typeOfBinding($0) })
    }
}
