/// A value of type `Value` that a workflow will have at run time: a workflow input, an output
/// of a node, a constant, or a collection of those. Pass it to calls as an input; compare it in
/// a branch's conditions.
///
/// Futures exist while a workflow is built; each belongs to the ``WorkflowBuilder`` that made
/// it.
public struct Future<Value> {
    /// How a node input is bound to it.
    let binding: Binding
    /// The Sluice type of `Value`; nil when it could not be derived (a problem was reported).
    let type: LiteralType?
    /// The builder that made it; nil for a constant, which belongs anywhere.
    let builder: WorkflowBuilder?

    init(binding: Binding, type: LiteralType?, builder: WorkflowBuilder?) {
        self.binding = binding
        self.type = type
        self.builder = builder
    }

    /// A reference to a node's output (or, with node "", a workflow input).
    init(node: String, output: String, type: LiteralType?, builder: WorkflowBuilder) {
        let reference = OutputReference(nodeID: node, output: output)
        self.init(
            binding: .future(SluiceWire.Future(reference: reference, type: type)),
            type: type, builder: builder)
    }

    /// Where it comes from, for messages: "input n", "a.y", "a literal".
    var origin: String {
        switch binding {
        case .future(let future):
            guard let reference = future.reference else { return "a future" }
            return reference.nodeID.isEmpty ? "input \(reference.output)" : "\(reference.nodeID).\(reference.output)"
        case .literal: return "a literal"
        case .collection: return "a collection"
        case .map: return "a map"
        }
    }
}

extension Future: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding {
        WorkflowBinding(binding: binding, type: type, owners: builder.map { [ObjectIdentifier($0)] } ?? [])
    }
}
