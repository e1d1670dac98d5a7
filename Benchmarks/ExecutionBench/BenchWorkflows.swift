import SluiceWire

/// The benchmark's workloads: W1, a chain of 100 tasks each adding one to the previous output;
/// W2, 1,000 independent tasks and one that sums them, with Swift tasks and with shell tasks.
enum BenchWorkflows {
    static let int = LiteralType.simple(.int)

    static func task(_ name: String, inputs: [Variable], output: Variable, kind: TaskSpec.Kind) -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: name, version: "1")
        task.interface = TypedInterface(inputs: inputs, outputs: [output])
        task.kind = kind
        return task
    }

    static let addOne = task("bench-add-one", inputs: [Variable(name: "x", type: int)], output: Variable(name: "y", type: int),
                             kind: .swift(SwiftTask(name: "bench-add-one")))
    static let sum = task("bench-sum", inputs: [Variable(name: "values", type: .collection(int))],
                          output: Variable(name: "total", type: int), kind: .swift(SwiftTask(name: "bench-sum")))
    static let shellAddOne = task("bench-shell-add-one", inputs: [Variable(name: "x", type: int)], output: Variable(name: "y", type: int),
                                  kind: .shell(ShellTask(command: ["sh", "-c", "echo $(( $0 + 1 ))", "{{inputs.x}}"])))
    static let shellSum = task("bench-shell-sum", inputs: [Variable(name: "values", type: .collection(int))],
                               output: Variable(name: "total", type: int),
                               kind: .shell(ShellTask(command: ["sh", "-c", "echo $(( $(echo \"$0\" | tr -d '[] ' | sed 's/,/+/g') + 0 ))", "{{inputs.values}}"])))

    /// Cacheable: x plus one; `i` only makes each node's key its own.
    static let cachedAddOne: TaskSpec = {
        var spec = task("bench-cached-add-one", inputs: [Variable(name: "x", type: int), Variable(name: "i", type: int)],
                        output: Variable(name: "y", type: int), kind: .swift(SwiftTask(name: "bench-add-one")))
        spec.cache = CacheSettings(enabled: true, version: "1")
        return spec
    }()
    static let cachedSum: TaskSpec = {
        var spec = task("bench-cached-sum", inputs: [Variable(name: "values", type: .collection(int))],
                        output: Variable(name: "total", type: int), kind: .swift(SwiftTask(name: "bench-sum")))
        spec.cache = CacheSettings(enabled: true, version: "1")
        return spec
    }()

    /// Outputs the executor's CLOCK_MONOTONIC reading (ns) when it starts: W5's finish line.
    static let stamp = task("bench-stamp", inputs: [Variable(name: "x", type: int)], output: Variable(name: "t", type: int),
                            kind: .swift(SwiftTask(name: "bench-stamp")))

    /// 0, 1, ... n-1: what a map runs over, each element a key of its own when cached.
    static let range = task("bench-range", inputs: [Variable(name: "n", type: int)], output: Variable(name: "values", type: .collection(int)),
                            kind: .swift(SwiftTask(name: "bench-range")))

    /// W3's dynamic task: for n, a subgraph of n x+1 tasks (x = 0...n-1) and their sum.
    static let fan = task("bench-fan", inputs: [Variable(name: "n", type: int)], output: Variable(name: "total", type: int),
                          kind: .dynamic(DynamicTask(body: .swiftName("bench-fan"), style: .subgraph)))

    static var tasks: [TaskSpec] { [addOne, sum, shellAddOne, shellSum, cachedAddOne, cachedSum, stamp, range, cachedMapAddOne, fan] }

    /// The subgraph `fan` returns for n.
    static func fanSubgraph(_ n: Int) -> DynamicResult {
        DynamicResult(
            nodes: (0..<n).map { node("a\($0)", addOne, ["x": .literal(.int(Int64($0)))]) }
                + [node("sum", sum, ["values": .collection((0..<n).map { reference("a\($0)", "y") })])],
            outputs: ["total": reference("sum", "total")], complete: true)
    }

    /// W3: a task computes n (n - 1, plus one), a dynamic node runs n x+1 tasks and their sum:
    /// n(n+1)/2.
    static let dynamicFan: WorkflowSpec = {
        var dynamic = Node()
        dynamic.id = "fan"
        dynamic.inputs = ["n": reference("count", "y")]
        dynamic.kind = .dynamic(DynamicNode(task: fan.id))
        return workflow(
            "bench-w3-dynamic",
            nodes: [node("count", addOne, ["x": reference("", "n")]), dynamic],
            output: reference("fan", "total"))
    }()

    /// W2 as a map: 0..<n made at run time, a map node adding one to each, then their sum,
    /// n(n+1)/2.
    static func mapped(_ name: String, task: TaskSpec) -> WorkflowSpec {
        var map = Node()
        map.id = "m"
        map.inputs = ["x": reference("range", "values")]
        map.kind = .map(MapNode(task: task.id, mappedInputs: ["x"]))
        return workflow(
            name,
            nodes: [node("range", range, ["n": reference("", "n")]), map, node("sum", sum, ["values": reference("m", "y")])],
            output: reference("sum", "total"))
    }

    static let mapFanOut = mapped("bench-w2-map", task: addOne)
    /// W6: the same with cacheable elements, so a second run of the same n is all hits.
    static let cachedMap = mapped("bench-w6-map-cached", task: cachedMapAddOne)

    static let cachedMapAddOne: TaskSpec = {
        var spec = task("bench-cached-map-add-one", inputs: [Variable(name: "x", type: int)],
                        output: Variable(name: "y", type: int), kind: .swift(SwiftTask(name: "bench-add-one")))
        spec.cache = CacheSettings(enabled: true, version: "1")
        return spec
    }()

    static func gate(_ id: String, signal: String) -> Node {
        var node = Node()
        node.id = id
        node.kind = .gate(GateNode(condition: .signal(SignalGate(signalID: signal, type: int))))
        return node
    }

    /// W5: a gate waiting for the int "go", then a task stamping when it started.
    static let signalled = workflow(
        "bench-w5-signal",
        nodes: [gate("wait", signal: "go"), node("stamp", stamp, ["x": reference("wait", "value")])],
        output: reference("stamp", "t"))

    /// Parked executions: a gate waiting for "go", then one task.
    static let parked = workflow(
        "bench-parked",
        nodes: [gate("wait", signal: "go"), node("after", addOne, ["x": reference("wait", "value")])],
        output: reference("after", "y"))

    static func reference(_ node: String, _ output: String) -> Binding {
        .future(Future(reference: OutputReference(nodeID: node, output: output)))
    }

    static func node(_ id: String, _ task: TaskSpec, _ inputs: [String: Binding]) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.kind = .task(TaskNode(task: task.id))
        return node
    }

    static func workflow(_ name: String, nodes: [Node], output: Binding) -> WorkflowSpec {
        var spec = WorkflowSpec()
        spec.id = Identifier(name: name, version: "1")
        spec.interface = TypedInterface(inputs: [Variable(name: "n", type: int)], outputs: [Variable(name: "result", type: int)])
        spec.nodes = nodes
        spec.outputs = ["result": output]
        return spec
    }

    static let chain100 = workflow(
        "bench-w1-chain100",
        nodes: (0..<100).map { index in
            node("c\(index)", addOne, ["x": index == 0 ? reference("", "n") : reference("c\(index - 1)", "y")])
        },
        output: reference("c99", "y"))

    static func fanOut(_ name: String, width: Int, task: TaskSpec, sum: TaskSpec) -> WorkflowSpec {
        workflow(
            name,
            nodes: (0..<width).map { node("t\($0)", task, ["x": reference("", "n")]) }
                + [node("sum", sum, ["values": .collection((0..<width).map { reference("t\($0)", "y") })])],
            output: reference("sum", "total"))
    }

    static let fanOut1000 = fanOut("bench-w2-fanout1000", width: 1000, task: addOne, sum: sum)
    /// W2 with every task cacheable, each with a key of its own.
    static let cachedFanOut1000 = workflow(
        "bench-w2-cached",
        nodes: (0..<1000).map { node("t\($0)", cachedAddOne, ["x": reference("", "n"), "i": .literal(.int(Int64($0)))]) }
            + [node("sum", cachedSum, ["values": .collection((0..<1000).map { reference("t\($0)", "y") })])],
        output: reference("sum", "total"))
    static let shellWidth = 1000
    static let shellFanOut = fanOut("bench-w2-shell", width: shellWidth, task: shellAddOne, sum: shellSum)
}
