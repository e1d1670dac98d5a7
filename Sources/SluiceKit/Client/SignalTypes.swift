/// One signal a workflow's gates wait for.
public struct SignalDeclaration: Sendable, Hashable {
    public var signalID: String
    /// The gate's node id as it runs: under its branch's id for a case ("pick/ok"), under its
    /// sub-workflow node's for a gate of a sub-workflow ("review/ok").
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

    /// Every signal and approve gate of the workflow, named as its node runs ("pick/ok" for a
    /// case of branch "pick", "sub/limit" inside the sub-workflow node "sub" calls), in node
    /// order, depth first. Sleep gates wait for no one and are left out.
    public static func declarations(in workflow: CompiledWorkflow) -> [SignalDeclaration] {
        workflow.declaredGates.compactMap { gate in
            guard let signal = gate.signal else { return nil }
            return SignalDeclaration(
                signalID: signal.id, nodeID: gate.nodeID, kind: signal.kind, type: signal.type,
                description: gate.description)
        }
    }
}
