import SluiceWire

/// The node kinds this release's engine runs. Registration refuses a workflow with any other,
/// naming the node, rather than accept it and fail the execution once it reaches that node.
public enum NodeKindSupport {
    /// A problem for each node (branch cases included) of a kind the engine does not run.
    public static func problems(in spec: WorkflowSpec) -> [WorkflowProblem] {
        spec.nodes.flatMap { problems(of: $0, id: $0.id) }
    }

    private static func problems(of node: Node, id: String) -> [WorkflowProblem] {
        switch node.kind {
        case .dynamic:
            return [WorkflowProblem(nodeID: id, message: "dynamic nodes are not run by this release of Sluice; use a map node, or a task")]
        case .branch(let branch):
            let cases = branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap { $0 }
            return cases.flatMap { problems(of: $0, id: "\(id)/\($0.id)") }
        case .task, .gate, .workflow, .map, nil:
            return []
        }
    }
}
