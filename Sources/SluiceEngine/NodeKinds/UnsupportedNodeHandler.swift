import SluiceWire

/// Node kinds the engine does not run yet fail clearly instead of hanging.
enum UnsupportedNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        let kind = machine.nodes[id]?.spec.kind?.fieldName ?? "unknown"
        machine.fail(id, .unsupported, "\(kind) nodes are not supported by this scheduler release")
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        machine.nodes[id]?.phase = .unspecified
        start(id, in: &machine)
    }
}
