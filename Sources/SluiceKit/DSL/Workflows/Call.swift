/// A node a builder made, to wait for with `after:` or to give as a branch case.
public protocol NodeReference {
    /// The node's id in the workflow.
    var nodeID: String { get }
}

/// A node reference that knows what the node gives.
protocol MadeNode: NodeReference {
    var made: NodeCall { get }
}

/// A typed call of a task or a workflow: its outputs are the fields of `Output`, reached as
/// members or by key path, each a future of the field's type:
///
///     let order = wf.call(loadOrder) { $0.id = wf.input(\.orderID) }
///     let total = order.total              // Future<Double>
///     let name = order[\.customer.name]    // Future<String>, a path into the output
@dynamicMemberLookup
public struct Call<Output: Codable>: MadeNode {
    let made: NodeCall

    public var nodeID: String { made.id }

    /// The output field `output` (or a field inside it) as a future.
    public subscript<Value: Codable>(dynamicMember output: KeyPath<Output, Value>) -> Future<Value> {
        self[output]
    }

    /// The output field `output` (or a field inside it) as a future.
    public subscript<Value: Codable>(_ output: KeyPath<Output, Value>) -> Future<Value> {
        let keys: [String]
        do {
            keys = try FieldPaths.path(of: output)
        } catch {
            return Future.broken(error.description)
        }
        guard keys.count > 1 else { return made.output(keys[0], as: Value.self) }
        // A path into an output: the compiler checks it against the output's declared type.
        let field = Future<Value>(node: made.id, output: keys[0], type: nil, builder: made.builder)
        return field.following(keys.dropFirst().map(PathElement.key))
    }

    /// The output `name` read as `type`: the string form, for names known only at run time.
    public subscript<Value: Decodable>(_ name: String, as type: Value.Type) -> Future<Value> {
        made.output(name, as: type)
    }
}
