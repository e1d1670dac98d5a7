import SluiceCore
import SluiceWire

/// A registry held in memory: versions in registration order, the last one the latest.
struct MemoryRegistry: WorkflowRegistry {
    var tasks: [TaskSpec] = []
    var workflows: [CompiledWorkflow] = []

    func task(_ id: Identifier) throws -> TaskSpec? {
        tasks.last { $0.id?.name == id.name && (id.version.isEmpty || $0.id?.version == id.version) }
    }

    func workflow(_ id: Identifier) throws -> CompiledWorkflow? {
        workflows.last { $0.spec?.id?.name == id.name && (id.version.isEmpty || $0.spec?.id?.version == id.version) }
    }
}

/// Short ways to write the specs the compiler tests use.
enum Spec {
    static let int = LiteralType.simple(.int)
    static let float = LiteralType.simple(.float)
    static let string = LiteralType.simple(.string)
    static let bool = LiteralType.simple(.bool)

    static func variable(_ name: String, _ type: LiteralType, default value: Literal? = nil) -> Variable {
        Variable(name: name, type: type, defaultValue: value)
    }

    static func shellTask(_ name: String, version: String = "1", inputs: [Variable] = [], outputs: [Variable] = []) -> TaskSpec {
        TaskSpec(
            id: Identifier(name: name, version: version),
            interface: TypedInterface(inputs: inputs, outputs: outputs),
            kind: .shell(ShellTask(command: ["run", name])))
    }

    static func taskNode(_ id: String, _ task: String, version: String = "", inputs: [String: Binding] = [:], upstream: [String] = []) -> Node {
        Node(id: id, inputs: inputs, upstream: upstream, kind: .task(TaskNode(task: Identifier(name: task, version: version))))
    }

    static func future(_ node: String, _ output: String, _ path: PathElement...) -> Binding {
        .future(Future(reference: OutputReference(nodeID: node, output: output, path: path)))
    }

    static func workflowInput(_ name: String) -> Binding {
        future("", name)
    }

    static func workflow(_ name: String, version: String = "1", inputs: [Variable] = [], outputs: [Variable] = [],
                         nodes: [Node], bindings: [String: Binding] = [:]) -> WorkflowSpec {
        WorkflowSpec(
            id: Identifier(name: name, version: version),
            interface: TypedInterface(inputs: inputs, outputs: outputs),
            nodes: nodes, outputs: bindings)
    }

    /// add(x: int, y: int = 1) -> total: int, in two versions; format(n: int) -> text: string;
    /// stats() -> report: struct Report { rows: collection<map<int>> }.
    static let registry = MemoryRegistry(tasks: [
        shellTask("add", version: "1", inputs: [variable("x", int), variable("y", int, default: .int(1))], outputs: [variable("total", int)]),
        shellTask("add", version: "2", inputs: [variable("x", int), variable("y", int, default: .int(1))], outputs: [variable("total", int)]),
        shellTask("format", inputs: [variable("n", int)], outputs: [variable("text", string)]),
        shellTask("shout", inputs: [variable("n", int)], outputs: [variable("text", string), variable("loud", bool)]),
        shellTask("sum", inputs: [variable("values", .collection(int))], outputs: [variable("total", int)]),
        shellTask("stats", outputs: [variable("report", .struct(StructType(name: "Report", fields: [
            StructField(name: "rows", type: .collection(.map(int))),
        ])))]),
        TaskSpec(
            id: Identifier(name: "plan", version: "1"),
            interface: TypedInterface(inputs: [variable("n", int)], outputs: [variable("total", int)]),
            kind: .dynamic(DynamicTask(body: .swiftName("plan"), style: .subgraph))),
    ])
}

extension WorkflowCompilationError {
    /// Whether a problem about this node and input has a message containing `text`.
    func has(node: String, input: String = "", _ text: String) -> Bool {
        problems.contains { $0.nodeID == node && $0.input == input && $0.message.contains(text) }
    }
}
