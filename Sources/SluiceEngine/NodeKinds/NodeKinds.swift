import SluiceWire

/// Every kind of node the engine runs, and the handler that runs it: adding a kind is a
/// handler file beside this one and a line here.
enum NodeKinds {
    static func handler(for kind: Node.Kind?) -> any NodeHandler.Type {
        switch kind {
        case .task: TaskNodeHandler.self
        case .branch: BranchNodeHandler.self
        case .workflow: SubWorkflowNodeHandler.self
        case .gate: GateNodeHandler.self
        case .map: MapNodeHandler.self
        case .dynamic(let dynamic): dynamic.body ? BodyNodeHandler.self : DynamicNodeHandler.self
        case nil: UnsupportedNodeHandler.self
        }
    }
}
