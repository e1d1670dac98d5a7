extension WorkflowBuilder {
    /// A branch: the call of the first case whose condition holds runs, the other cases' calls
    /// are SKIPPED. The branch's outputs are the chosen call's, so every case should give the
    /// outputs read from it; `giving:` names the struct they share, for typed outputs:
    ///
    ///     let size = wf.branch(id: "size", giving: LabelOutput.self) { b in
    ///         b.when(n > 10) { wf.call(big) { $0.n = n } }
    ///         b.otherwise { wf.call(small) { $0.n = n } }
    ///     }
    ///     let label = size.label
    ///
    /// Each case makes exactly one call (a task, a sub-workflow or another branch).
    public func branch<Output: Codable>(id: String? = nil, giving output: Output.Type, _ build: (BranchBuilder) -> Void) -> Call<Output> {
        Call(made: branch(id: id, build))
    }

    /// A branch whose outputs are read by name (`size["label", as: String.self]`).
    public func branch(id: String? = nil, _ build: (BranchBuilder) -> Void) -> NodeCall {
        let branchID = nodeID(id)
        let branch = BranchBuilder(builder: self, branchID: branchID)
        build(branch)
        add(branch.node())
        return NodeCall(id: branchID, builder: self, outputTypes: branch.commonOutputs)
    }
}

/// The cases of one branch, in the order they are tried.
public final class BranchBuilder {
    private let builder: WorkflowBuilder
    private let branchID: String
    private var cases: [(condition: Condition, node: Node)] = []
    private var elseNode: Node?
    private var elseError = ""
    private var outputSets: [[String: LiteralType]?] = []

    init(builder: WorkflowBuilder, branchID: String) {
        self.builder = builder
        self.branchID = branchID
    }

    /// The call `body` makes runs when `condition` holds (and no earlier case's did).
    public func when(_ condition: Condition, _ body: () -> any NodeReference) {
        guard let node = caseNode(body) else { return }
        cases.append((condition, node))
    }

    /// The call `body` makes runs when no case holds.
    public func otherwise(_ body: () -> any NodeReference) {
        guard let node = caseNode(body) else { return }
        if elseNode != nil { builder.report(branchID, "the branch has two otherwise cases") }
        elseNode = node
    }

    /// The branch fails with `message` when no case holds.
    public func otherwise(fail message: String) {
        elseError = message
    }

    /// The outputs every case gives with the same type, which is what the branch surely gives.
    var commonOutputs: [String: LiteralType]? {
        guard let first = outputSets.first, var common = first else { return nil }
        for outputs in outputSets.dropFirst() {
            guard let outputs else { return nil }
            common = common.filter { outputs[$0.key] == $0.value }
        }
        return common
    }

    private func caseNode(_ body: () -> any NodeReference) -> Node? {
        var call: NodeCall?
        let nodes = builder.capturingNodes { call = (body() as? any MadeNode)?.made }
        guard nodes.count == 1, let node = nodes.first, node.id == call?.id else {
            builder.report(branchID, "each case must make exactly one call (a task, a sub-workflow or a branch); one makes \(nodes.count)")
            return nil
        }
        outputSets.append(call?.outputTypes)
        return node
    }

    /// The branch node: conditions read the futures they compare as the branch's inputs.
    func node() -> Node {
        if cases.isEmpty { builder.report(branchID, "the branch has no case") }
        var inputs = ConditionInputs(builder: builder, branchID: branchID)
        let branchCases = cases.map { BranchCase(condition: inputs.expression($0.condition.expression), thenNode: $0.node) }
        let branch = BranchNode(cases: branchCases, elseNode: elseNode, elseError: elseError)
        return Node(id: branchID, inputs: inputs.bindings, kind: .branch(branch))
    }
}

/// Names the futures a branch's conditions compare ("in0", "in1"...), once each.
private struct ConditionInputs {
    let builder: WorkflowBuilder
    let branchID: String
    private(set) var bindings: [String: Binding] = [:]
    private var names: [Binding: String] = [:]

    init(builder: WorkflowBuilder, branchID: String) {
        self.builder = builder
        self.branchID = branchID
    }

    mutating func expression(_ expression: Condition.Expression) -> BooleanExpression {
        switch expression {
        case .comparison(let op, let left, let right):
            return .comparison(Comparison(op: op, left: operand(left), right: operand(right)))
        case .all(let operands):
            return .conjunction(Conjunction(op: .and, operands: operands.map { self.expression($0) }))
        case .any(let operands):
            return .conjunction(Conjunction(op: .or, operands: operands.map { self.expression($0) }))
        case .not(let inner):
            return .negation(self.expression(inner))
        }
    }

    private mutating func operand(_ value: WorkflowBinding) -> Operand {
        if case .literal(let literal) = value.binding {
            for problem in value.problems { builder.report(branchID, problem) }
            return .literal(literal)
        }
        if let name = names[value.binding] { return .input(name) }
        let name = "in\(bindings.count)"
        bindings[name] = builder.bind(ValueBinding(bound: value), nodeID: branchID, input: name).binding
        names[value.binding] = name
        return .input(name)
    }
}

/// An already bound value, passed back through the builder's checks.
private struct ValueBinding: WorkflowValue {
    let bound: WorkflowBinding
    func workflowBinding() -> WorkflowBinding { bound }
}
