import SluiceWire

extension WorkflowCompilation {
    /// Checks one node (a top-level node, or a case node of a branch inside `enclosing`) and
    /// returns it pinned: its callee's version resolved, its futures typed.
    func check(_ node: Node, enclosing: String) -> Node {
        var pinned = node
        checkUpstream(of: node, enclosing: enclosing)
        checkMetadata(of: node)
        switch node.kind {
        case nil:
            report(node.id, "the node has no kind (task, gate, branch, workflow, map or dynamic)")
            pinned.inputs = checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)

        case .task(var taskNode):
            if let task = resolveTask(taskNode.task, for: node.id) {
                if case .dynamic? = task.kind {
                    report(node.id, "task '\(Self.display(taskNode.task ?? Identifier()))' is a dynamic task; run it with a dynamic node")
                }
                taskNode.task = task.id ?? taskNode.task
                pinned.kind = .task(taskNode)
                pinned.inputs = checkInputs(of: node, declared: task.interface?.inputs ?? [], callee: "task", enclosing: enclosing)
            } else {
                pinned.inputs = checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)
            }

        case .workflow(var subWorkflow):
            if let workflow = resolveWorkflow(subWorkflow.workflow, for: node.id) {
                subWorkflow.workflow = workflow.spec?.id ?? subWorkflow.workflow
                pinned.kind = .workflow(subWorkflow)
                pinned.inputs = checkInputs(of: node, declared: workflow.spec?.interface?.inputs ?? [], callee: "workflow", enclosing: enclosing)
            } else {
                pinned.inputs = checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)
            }

        case .map(var mapNode):
            if let task = resolveTask(mapNode.task, for: node.id) {
                if case .dynamic? = task.kind {
                    report(node.id, "a map node cannot run the dynamic task '\(Self.display(mapNode.task ?? Identifier()))'")
                }
                mapNode.task = task.id ?? mapNode.task
                pinned.kind = .map(mapNode)
                pinned.inputs = checkMapInputs(of: node, mapNode: mapNode, task: task, enclosing: enclosing)
                checkPartialSuccess(mapNode, task: task, nodeID: node.id)
            } else {
                pinned.inputs = checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)
            }
            checkSuccessCriteria(mapNode, nodeID: node.id)

        case .dynamic(var dynamicNode):
            if let task = resolveTask(dynamicNode.task, for: node.id) {
                if task.kind.map({ if case .dynamic = $0 { false } else { true } }) ?? true {
                    report(node.id, "task '\(Self.display(dynamicNode.task ?? Identifier()))' is not a dynamic task")
                }
                dynamicNode.task = task.id ?? dynamicNode.task
                // The engine runs a body's node differently: it says so, whatever the spec said.
                if case .dynamic(let dynamic)? = task.kind { dynamicNode.body = dynamic.style == .incremental }
                pinned.kind = .dynamic(dynamicNode)
                pinned.inputs = checkInputs(of: node, declared: task.interface?.inputs ?? [], callee: "task", enclosing: enclosing)
            } else {
                pinned.inputs = checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)
            }

        case .gate(let gate):
            pinned.inputs = checkGate(gate, of: node, enclosing: enclosing)

        case .branch(let branch):
            let (checkedBranch, inputs) = checkBranch(branch, of: node, enclosing: enclosing)
            pinned.kind = .branch(checkedBranch)
            pinned.inputs = inputs
        }
        return pinned
    }

    /// Inputs against the callee's declared inputs: none unknown, every required one bound,
    /// each of its type, and those left out that have a default bound to it. `expectedOverrides`
    /// replaces a declared type (a map node's collections).
    func checkInputs(of node: Node, declared: [Variable], callee: String, enclosing: String,
                     expectedOverrides: [String: LiteralType] = [:]) -> [String: Binding] {
        let variables = Dictionary(declared.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = declared.map(\.name).joined(separator: ", ")
        var checked: [String: Binding] = [:]
        for name in node.inputs.keys.sorted() {
            guard let binding = node.inputs[name] else { continue }
            let place = BindingPlace(nodeID: node.id, input: name, enclosing: enclosing)
            if let variable = variables[name] {
                checked[name] = check(binding, expected: expectedOverrides[name] ?? variable.type, at: place)
            } else {
                report(node.id, input: name, "undeclared input: the \(callee) takes \(names.isEmpty ? "no inputs" : names)")
                checked[name] = check(binding, expected: nil, at: place)
            }
        }
        for variable in declared where node.inputs[variable.name] == nil {
            if let value = variable.defaultValue {
                // The callee's default, bound here: the task gets it among its inputs (for its
                // templates, its cache key) as if the node had given it.
                checked[variable.name] = .literal(value)
            } else {
                report(node.id, input: variable.name, "unbound required input (\(variable.type?.typeDescription ?? "untyped"))")
            }
        }
        return checked
    }

    /// The inputs of a node that declares none it could take (or whose callee is unknown):
    /// each one reported when there is a reason, and its references checked either way.
    func checkUndeclaredInputs(_ node: Node, enclosing: String, reason: String?) -> [String: Binding] {
        var checked: [String: Binding] = [:]
        for name in node.inputs.keys.sorted() {
            guard let binding = node.inputs[name] else { continue }
            if let reason { report(node.id, input: name, reason) }
            checked[name] = check(binding, expected: nil, at: BindingPlace(nodeID: node.id, input: name, enclosing: enclosing))
        }
        return checked
    }

    private func checkMapInputs(of node: Node, mapNode: MapNode, task: TaskSpec, enclosing: String) -> [String: Binding] {
        let declared = task.interface?.inputs ?? []
        var overrides: [String: LiteralType] = [:]
        var seen: Set<String> = []
        if mapNode.mappedInputs.isEmpty {
            report(node.id, "a map node needs at least one mapped input")
        }
        for name in mapNode.mappedInputs {
            guard seen.insert(name).inserted else {
                report(node.id, input: name, "mapped twice")
                continue
            }
            guard let variable = declared.first(where: { $0.name == name }) else {
                report(node.id, input: name, "mapped input is not an input of task '\(Self.display(mapNode.task ?? Identifier()))'")
                continue
            }
            if node.inputs[name] == nil {
                report(node.id, input: name, "mapped input is not bound to a collection")
            }
            if let type = variable.type { overrides[name] = .collection(type) }
        }
        return checkInputs(of: node, declared: declared, callee: "task", enclosing: enclosing, expectedOverrides: overrides)
    }

    /// A map that may succeed with some elements failed gives none for their outputs: each of
    /// the task's outputs must admit none.
    private func checkPartialSuccess(_ mapNode: MapNode, task: TaskSpec, nodeID: String) {
        guard let criteria = mapNode.successCriteria else { return }
        let option = if case .minSuccesses = criteria { "min_successes" } else { "min_success_ratio" }
        for output in task.interface?.outputs ?? [] {
            guard let type = output.type, !type.accepts(.none) else { continue }
            report(nodeID, "\(option) lets elements fail, and a failed element's outputs are none: output '\(output.name)' of task "
                + "'\(Self.display(task.id ?? Identifier()))' must be optional (\(type.typeDescription) | none)")
        }
    }

    private func checkSuccessCriteria(_ mapNode: MapNode, nodeID: String) {
        if case .minSuccessRatio(let ratio)? = mapNode.successCriteria, !(ratio > 0 && ratio <= 1) {
            report(nodeID, "min_success_ratio must be above 0 and at most 1, is \(ratio)")
        }
    }

    private func checkGate(_ gate: GateNode, of node: Node, enclosing: String) -> [String: Binding] {
        if let timeout = gate.timeout, let problem = DurationLimits.problem(timeout) {
            report(node.id, "the gate's timeout \(problem)")
        }
        switch gate.condition {
        case nil:
            report(node.id, "the gate has no condition (signal, approve or sleep)")
            return checkUndeclaredInputs(node, enclosing: enclosing, reason: nil)
        case .signal(let signal):
            if signal.signalID.isEmpty { report(node.id, "the signal gate has no signal_id") }
            checkSignalIDLength(signal.signalID, of: node)
            if let type = signal.type {
                for problem in type.definitionProblems() { report(node.id, "the signal's type: \(problem)") }
            } else {
                report(node.id, "the signal gate declares no type for its value")
            }
            return checkUndeclaredInputs(node, enclosing: enclosing, reason: "a signal gate takes no inputs")
        case .approve(let approve):
            if approve.signalID.isEmpty { report(node.id, "the approve gate has no signal_id") }
            checkSignalIDLength(approve.signalID, of: node)
            for problem in approve.approvers.compactMap(ApproverNames.problem) { report(node.id, "the approve gate's approvers: \(problem)") }
            if approve.approvers.count > ApproverNames.most {
                report(node.id, "the approve gate names \(approve.approvers.count) approvers; name at most \(ApproverNames.most), or a group")
            }
            let passed = approve.input.isEmpty ? "value" : approve.input
            if node.inputs[passed] == nil {
                report(node.id, input: passed, "the approve gate passes input '\(passed)' through, but it is not bound")
            }
            var checked: [String: Binding] = [:]
            for name in node.inputs.keys.sorted() {
                guard let binding = node.inputs[name] else { continue }
                if name != passed { report(node.id, input: name, "an approve gate takes only its input '\(passed)'") }
                checked[name] = check(binding, expected: nil, at: BindingPlace(nodeID: node.id, input: name, enclosing: enclosing))
            }
            return checked
        case .sleep(let sleep):
            if let problem = DurationLimits.problem(sleep.duration ?? .zero) {
                report(node.id, "the sleep gate's duration \(problem)")
            }
            return checkUndeclaredInputs(node, enclosing: enclosing, reason: "a sleep gate takes no inputs")
        }
    }

    /// Admin takes signal ids of at most 256 bytes when one is set (as every id a caller sends):
    /// a gate waiting under a longer one could never be given its value.
    private func checkSignalIDLength(_ signalID: String, of node: Node) {
        let bytes = signalID.utf8.count
        if bytes > 256 { report(node.id, "the signal_id is \(bytes) bytes long; at most 256 are allowed") }
    }

    private func checkUpstream(of node: Node, enclosing: String) {
        for upstream in node.upstream {
            if upstream == enclosing {
                report(node.id, "upstream '\(upstream)' is the node itself")
            } else if topLevelNodes[upstream] == nil {
                let owner = enclosingNode[upstream]
                report(node.id, owner.map { "upstream '\(upstream)' is a case of branch '\($0)'; wait for the branch node instead" }
                    ?? "upstream '\(upstream)' is not a node of this workflow")
            }
        }
    }

    private func checkMetadata(of node: Node) {
        guard let metadata = node.metadata else { return }
        if let timeout = metadata.timeout, let problem = DurationLimits.problem(timeout) {
            report(node.id, "metadata.timeout \(problem)")
        }
        if let retries = metadata.retries {
            for problem in TaskValidator.retryProblems(retries) { report(node.id, "metadata.\(problem)") }
        }
    }

    // MARK: Cycles and outputs

    func checkCycles(in nodes: [Node]) {
        let order = nodes.map(\.id).filter { topLevelNodes[$0] != nil }
        let position = Dictionary(order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var edges: [String: [String]] = [:]
        for node in nodes where topLevelNodes[node.id] != nil && edges[node.id] == nil {
            // Self references and unknown ids are reported where they are found.
            edges[node.id] = node.dependencies
                .filter { $0 != node.id && position[$0] != nil }
                .sorted { position[$0, default: 0] < position[$1, default: 0] }
        }
        for cycle in DependencyCycles.find(order: order, dependencies: edges) {
            report(cycle[0], "cycle: \(cycle.joined(separator: " -> "))")
        }
    }

    /// The workflow's outputs, each bound, declared, and of its declared type.
    func checkWorkflowOutputs() -> [String: Binding] {
        let declared = spec.interface?.outputs ?? []
        let types = Dictionary(declared.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        var checked: [String: Binding] = [:]
        for name in spec.outputs.keys.sorted() {
            guard let binding = spec.outputs[name] else { continue }
            let place = BindingPlace(nodeID: "", input: name, enclosing: "")
            if let type = types[name] {
                checked[name] = check(binding, expected: type, at: place)
            } else {
                report("", input: name, "undeclared output: the workflow declares \(declared.isEmpty ? "no outputs" : declared.map(\.name).joined(separator: ", "))")
                checked[name] = check(binding, expected: nil, at: place)
            }
        }
        for variable in declared where spec.outputs[variable.name] == nil {
            report("", input: variable.name, "unbound output (\(variable.type?.typeDescription ?? "untyped"))")
        }
        return checked
    }
}
