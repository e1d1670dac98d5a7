/// A node a workflow builder made, with its outputs read by name and Swift type: what calls of
/// untyped tasks (a `TaskSpec`) give, and branches:
///
///     let a = wf.call(addOne, ["x": n])
///     let y = a["y", as: Int.self]        // Future<Int>
public struct NodeCall: MadeNode {
    /// The node's id in the workflow.
    public let id: String
    let builder: WorkflowBuilder
    /// What the node declares it gives, by name; nil when that is not known (its task's
    /// interface could not be derived).
    let outputTypes: [String: LiteralType]?

    public var nodeID: String { id }
    var made: NodeCall { self }

    /// The output `name`, typed as `type`. A type that does not match what the node declares is
    /// reported when the workflow is compiled.
    public func output<V: Decodable>(_ name: String, as type: V.Type) -> Future<V> {
        let swiftType = builder.derive(V.self, nodeID: id, place: "output \(name)")
        if let swiftType, let declared = outputTypes?[name], !declared.canBind(to: swiftType) {
            builder.report(id, "output \(name) is \(declared.typeDescription) but is read as \(V.self) (\(swiftType.typeDescription))")
        }
        return Future(node: id, output: name, type: swiftType, builder: builder)
    }

    public subscript<V: Decodable>(_ name: String, as type: V.Type) -> Future<V> {
        output(name, as: type)
    }
}
