/// A value of type `Value` that a workflow will have at run time: a workflow input, an output
/// of a node, a constant, or a collection of those. Pass it to calls as an input; compare it in
/// a branch's conditions.
///
/// Futures exist while a workflow is built; those that refer to nodes or inputs belong to the
/// ``WorkflowBuilder`` that made them.
///
/// A future of a struct reaches its fields as members (`order.customer.name`), a future of an
/// array its elements by index (`records[2]`), a future of a `[String: T]` its values by key
/// (`scores["ada"]`): each is a future of that part, resolved when the whole is.
@dynamicMemberLookup
public struct Future<Value> {
    /// How a node input is bound to it, with the Sluice type of `Value` (nil when it could not
    /// be derived; a problem was reported) and the builders it belongs to.
    let bound: WorkflowBinding

    init(_ bound: WorkflowBinding) {
        self.bound = bound
    }

    /// A reference to a node's output (or, with node "", a workflow input).
    init(node: String, output: String, type: LiteralType?, builder: WorkflowBuilder) {
        let reference = OutputReference(nodeID: node, output: output)
        self.init(WorkflowBinding(
            binding: .future(SluiceWire.Future(reference: reference, type: type)),
            type: type, owners: [builder]))
    }
}

extension Future {
    /// A future that stands for nothing, carrying what is wrong, reported where it is bound.
    static func broken(_ problem: String) -> Future {
        Future(WorkflowBinding(binding: .literal(.none), type: nil, problems: [problem]))
    }
}

extension Future: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { bound }
}
