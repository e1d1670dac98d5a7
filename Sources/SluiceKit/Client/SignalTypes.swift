/// One signal a workflow's gates wait for.
public struct SignalDeclaration: Sendable, Hashable {
    public var signalID: String
    /// The gate's id; under its sub-workflow node's for a gate of a sub-workflow ("review/ok"),
    /// as the gate's node is named at run time.
    public var nodeID: String
    /// `.signal` or `.approve`.
    public var kind: GateKind
    /// What a value set under the id must be: the signal gate's declared type, bool for an
    /// approval. Nil when a signal gate declares none (the compiler refuses that).
    public var type: LiteralType?
    public var description: String

    public init(signalID: String, nodeID: String, kind: GateKind, type: LiteralType?, description: String) {
        self.signalID = signalID
        self.nodeID = nodeID
        self.kind = kind
        self.type = type
        self.description = description
    }
}

/// The signals a compiled workflow waits for, so that a value typed on a command line can be
/// read as the type its gate declares.
public enum SignalTypes {
    /// The type `workflow` declares for `signalID`: the signal gate's type, bool for an approve
    /// gate (an approval is `true`, a rejection `false`). The first gate that declares it counts,
    /// in the order of ``declarations(in:)``; nil when no gate does.
    public static func type(of signalID: String, in workflow: CompiledWorkflow) -> LiteralType? {
        declarations(in: workflow).first { $0.signalID == signalID }?.type
    }

    /// Every signal and approve gate of the workflow: its nodes in order, each branch's cases
    /// (then its else node) where the branch is, each sub-workflow's gates (nested ones too)
    /// where its node is. Sleep gates wait for no one and are left out.
    public static func declarations(in workflow: CompiledWorkflow) -> [SignalDeclaration] {
        var found: [SignalDeclaration] = []
        for node in workflow.spec?.nodes ?? [] {
            collect(node, prefix: "", in: workflow, into: &found)
        }
        return found
    }

    private static func collect(_ node: Node, prefix: String, in workflow: CompiledWorkflow, into found: inout [SignalDeclaration]) {
        switch node.kind {
        case .gate(let gate):
            switch gate.condition {
            case .signal(let signal):
                found.append(SignalDeclaration(
                    signalID: signal.signalID, nodeID: prefix + node.id, kind: .signal, type: signal.type,
                    description: signal.description))
            case .approve(let approve):
                found.append(SignalDeclaration(
                    signalID: approve.signalID, nodeID: prefix + node.id, kind: .approve, type: .simple(.bool),
                    description: approve.description))
            case .sleep, nil:
                break
            }
        case .branch(let branch):
            for caseNode in branch.cases.compactMap(\.thenNode) + (branch.elseNode.map { [$0] } ?? []) {
                collect(caseNode, prefix: prefix, in: workflow, into: &found)
            }
        case .workflow(let subWorkflow):
            // A compiled workflow holds its sub-workflows compiled, so this descends a finite tree.
            guard let id = subWorkflow.workflow, let compiled = workflow.subWorkflow(id) else { return }
            for child in compiled.spec?.nodes ?? [] {
                collect(child, prefix: prefix + node.id + "/", in: compiled, into: &found)
            }
        case .task, .map, .dynamic, nil:
            break
        }
    }
}
