import SluiceWire

/// A gate node somewhere in a compiled workflow, under the id its node gets at run time:
/// "approve" at the top level, "branch/case" inside a branch, "sub/approve" inside the
/// sub-workflow that node "sub" calls.
public struct DeclaredGate: Sendable {
    public var nodeID: String
    public var gate: GateNode

    public init(nodeID: String, gate: GateNode) {
        self.nodeID = nodeID
        self.gate = gate
    }

    /// The signal the gate waits for, with the type its value must have; nil for a sleep gate.
    /// An approval is a bool: true approves, false rejects. The type is nil only for a signal
    /// gate declaring none, which compilation refuses.
    public var signal: (id: String, type: LiteralType?, kind: GateKind)? {
        switch gate.condition {
        case .signal(let signal)?:
            return (signal.signalID, signal.type, .signal)
        case .approve(let approve)?:
            return (approve.signalID, .simple(.bool), .approve)
        case .sleep?, nil:
            return nil
        }
    }

    /// Who may decide an approve gate ("alice", "group:release"); empty for any operator, and
    /// for other gates.
    public var approvers: [String] {
        if case .approve(let approve)? = gate.condition { approve.approvers } else { [] }
    }

    /// What the gate says to whoever is asked for its value.
    public var description: String {
        switch gate.condition {
        case .signal(let signal)?: signal.description
        case .approve(let approve)?: approve.description
        case .sleep?, nil: ""
        }
    }
}

extension CompiledWorkflow {
    /// Sub-workflows nest no deeper than this; the compiler refuses cycles, and this bound
    /// keeps a damaged record from recursing without end.
    private static let deepestNesting = 64

    /// Every gate of the workflow, of its branches' cases and of the sub-workflows it calls (at
    /// any depth), in node order, depth first. Gates of dynamic subgraphs are known only at run
    /// time and are not among them.
    public var declaredGates: [DeclaredGate] {
        var found: [DeclaredGate] = []
        collectGates(into: &found, prefix: "", depth: 0)
        return found
    }

    /// The first gate declaring `signalID`; gates declaring the same id should agree on its type,
    /// and when they do not the first one's stands.
    public func gate(declaring signalID: String) -> DeclaredGate? {
        declaredGates.first { $0.signal?.id == signalID }
    }

    /// The ids of the signals the workflow's gates wait for, sorted, each once.
    public var declaredSignalIDs: [String] {
        Array(Set(declaredGates.compactMap { $0.signal?.id }.filter { !$0.isEmpty })).sorted()
    }

    private func collectGates(into found: inout [DeclaredGate], prefix: String, depth: Int) {
        guard depth < Self.deepestNesting else { return }
        for node in spec?.nodes ?? [] {
            collectGates(of: node, into: &found, prefix: prefix, depth: depth)
        }
    }

    private func collectGates(of node: Node, into found: inout [DeclaredGate], prefix: String, depth: Int) {
        let nodeID = prefix + node.id
        switch node.kind {
        case .gate(let gate)?:
            found.append(DeclaredGate(nodeID: nodeID, gate: gate))
        case .branch(let branch)?:
            // A case's node runs under the branch's id, as the scheduler names it.
            for caseNode in branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap({ $0 }) {
                collectGates(of: caseNode, into: &found, prefix: nodeID + "/", depth: depth)
            }
        case .workflow(let call)?:
            guard let wanted = call.workflow, let callee = subWorkflow(wanted) else { return }
            callee.collectGates(into: &found, prefix: nodeID + "/", depth: depth + 1)
        case .task?, .map?, .dynamic?, nil:
            break
        }
    }
}
