import SluiceWire

/// The chaos run's workflow, 1,004 tasks: 500 numbers made at run time, a map adding one to
/// each, a map of cacheable tasks adding one again, their sum, a gate waiting for the int
/// "bonus", the sum of both, and an approval "ship" before the result.
enum ChaosWorkflow {
    typealias W = BenchWorkflows

    static let elements = 500
    static let bonus: Int64 = 7

    static func map(_ id: String, _ task: TaskSpec, over values: Binding) -> Node {
        var node = Node()
        node.id = id
        node.inputs = ["x": values]
        node.kind = .map(MapNode(task: task.id, mappedInputs: ["x"]))
        return node
    }

    static func gate(_ id: String, _ condition: GateNode.Condition, inputs: [String: Binding] = [:]) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.kind = .gate(GateNode(condition: condition))
        return node
    }

    static let spec = W.workflow(
        "chaos",
        nodes: [
            W.node("range", W.range, ["n": W.reference("", "n")]),
            map("plain", W.addOne, over: W.reference("range", "values")),
            map("cached", W.cachedMapAddOne, over: W.reference("plain", "y")),
            W.node("sum", W.sum, ["values": W.reference("cached", "y")]),
            gate("bonus", .signal(SignalGate(signalID: "bonus", type: W.int))),
            W.node("total", W.sum, ["values": .collection([W.reference("sum", "total"), W.reference("bonus", "value")])]),
            gate("ship", .approve(ApproveGate(signalID: "ship")), inputs: ["value": W.reference("total", "total")]),
        ],
        output: W.reference("ship", "value"))
}
