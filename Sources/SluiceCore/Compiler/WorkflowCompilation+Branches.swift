import SluiceWire

extension WorkflowCompilation {
    /// A branch node's inputs feed its conditions; its case nodes are nodes of the workflow in
    /// their own right, checked in the same scope, and pinned like the others.
    func checkBranch(_ branch: BranchNode, of node: Node, enclosing: String) -> (BranchNode, [String: Binding]) {
        var checkedInputs: [String: Binding] = [:]
        var inputTypes: [String: LiteralType] = [:]
        for name in node.inputs.keys.sorted() {
            guard let binding = node.inputs[name] else { continue }
            if name.isEmpty { report(node.id, "a branch input has no name") }
            let checked = check(binding, expected: nil, at: BindingPlace(nodeID: node.id, input: name, enclosing: enclosing))
            checkedInputs[name] = checked
            if let type = checked.knownType { inputTypes[name] = type }
        }

        var checkedBranch = branch
        if branch.cases.isEmpty { report(node.id, "the branch has no cases") }
        for (index, branchCase) in branch.cases.enumerated() {
            let label = "case \(index + 1)"
            if let condition = branchCase.condition {
                checkCondition(condition, label: label, node: node, inputTypes: inputTypes)
            } else {
                report(node.id, "\(label) has no condition")
            }
            if let thenNode = branchCase.thenNode {
                checkedBranch.cases[index].thenNode = check(thenNode, enclosing: enclosing)
            } else {
                report(node.id, "\(label) has no node to run")
            }
        }
        if let elseNode = branch.elseNode {
            checkedBranch.elseNode = check(elseNode, enclosing: enclosing)
        }
        return (checkedBranch, checkedInputs)
    }

    private func checkCondition(_ expression: BooleanExpression, label: String, node: Node, inputTypes: [String: LiteralType]) {
        switch expression {
        case .comparison(let comparison):
            if comparison.op == .unspecified { report(node.id, "\(label): a comparison has no operator") }
            guard let left = comparison.left, let right = comparison.right else {
                report(node.id, "\(label): a comparison needs two operands")
                return
            }
            let leftType = operandType(left, label: label, node: node, inputTypes: inputTypes)
            let rightType = operandType(right, label: label, node: node, inputTypes: inputTypes)
            if comparison.op != .unspecified, let leftType, let rightType, !leftType.isComparable(with: rightType, by: comparison.op) {
                report(node.id, "\(label): cannot compare \(leftType.typeDescription) with \(rightType.typeDescription) by \(comparison.op.name)")
            }
        case .conjunction(let conjunction):
            if conjunction.op == .unspecified { report(node.id, "\(label): a conjunction has no operator (and, or)") }
            if conjunction.operands.isEmpty { report(node.id, "\(label): a conjunction has no operands") }
            for operand in conjunction.operands {
                checkCondition(operand, label: label, node: node, inputTypes: inputTypes)
            }
        case .negation(let negated):
            checkCondition(negated, label: label, node: node, inputTypes: inputTypes)
        }
    }

    private func operandType(_ operand: Operand, label: String, node: Node, inputTypes: [String: LiteralType]) -> LiteralType? {
        switch operand {
        case .literal(let literal):
            return literal.naturalType
        case .input(let name):
            guard node.inputs[name] != nil else {
                report(node.id, input: name, "\(label): the condition refers to '\(name)', which is not an input of the branch node")
                return nil
            }
            return inputTypes[name]
        }
    }
}
