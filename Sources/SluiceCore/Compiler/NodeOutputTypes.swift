import SluiceWire

/// The outputs a node gives, by kind. Shared by the compiler (which looks callees up in the
/// registry) and the run-time view of a compiled workflow (which looks them up in it).
struct NodeOutputTypes {
    var task: (Identifier) -> TaskSpec?
    var workflow: (Identifier) -> CompiledWorkflow?
    /// The type of what a binding gives, when it can be told.
    var bindingType: (Binding) -> LiteralType?

    /// Nil when the outputs cannot be told (an unknown callee, a gate missing its type), so
    /// that references to them are not reported a second time.
    func outputs(of node: Node) -> [String: LiteralType]? {
        switch node.kind {
        case nil:
            return nil
        case .task(let taskNode):
            return taskNode.task.flatMap(task).map { Self.declared($0.interface?.outputs) }
        case .dynamic(let dynamicNode):
            return dynamicNode.task.flatMap(task).map { Self.declared($0.interface?.outputs) }
        case .map(let mapNode):
            return mapNode.task.flatMap(task).map { Self.declared($0.interface?.outputs).mapValues { .collection($0) } }
        case .workflow(let subWorkflow):
            return subWorkflow.workflow.flatMap(workflow).map { Self.declared($0.spec?.interface?.outputs) }
        case .gate(let gate):
            switch gate.condition {
            case nil: return nil
            case .signal(let signal): return signal.type.map { ["value": $0] }
            case .approve(let approve):
                let input = approve.input.isEmpty ? "value" : approve.input
                return node.inputs[input].flatMap(bindingType).map { ["value": $0] }
            case .sleep: return [:]
            }
        case .branch(let branch):
            return commonOutputs(of: branch)
        }
    }

    /// The outputs every case node of the branch gives, with the same type in each.
    func commonOutputs(of branch: BranchNode) -> [String: LiteralType]? {
        let caseNodes = branch.cases.compactMap(\.thenNode) + (branch.elseNode.map { [$0] } ?? [])
        guard var common = caseNodes.first.flatMap(outputs) else { return caseNodes.isEmpty ? [:] : nil }
        for caseNode in caseNodes.dropFirst() {
            guard let outputs = outputs(of: caseNode) else { return nil }
            common = common.filter { outputs[$0.key] == $0.value }
        }
        return common
    }

    private static func declared(_ variables: [Variable]?) -> [String: LiteralType] {
        var types: [String: LiteralType] = [:]
        for variable in variables ?? [] {
            if let type = variable.type, types[variable.name] == nil { types[variable.name] = type }
        }
        return types
    }
}

extension Node {
    /// The outputs this node gives and their types, in a compiled workflow: a task's or
    /// sub-workflow's declared outputs; a map node's as collections; a signal gate's "value" of
    /// its declared type; an approve gate's "value" of its passed-through input's type; none for a
    /// sleep gate; for a branch node, the outputs common to all its case nodes. Empty when the
    /// node's callee is not in `compiled`.
    public func outputTypes(in compiled: CompiledWorkflow) -> [String: LiteralType] {
        let view = NodeOutputTypes(
            task: { compiled.task($0) },
            workflow: { compiled.subWorkflow($0) },
            bindingType: { $0.knownType })
        return view.outputs(of: self) ?? [:]
    }
}
