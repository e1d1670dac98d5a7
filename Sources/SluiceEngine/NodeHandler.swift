import SluiceWire

/// How one kind of node runs. The machine decides when a node is ready and resolves its
/// inputs; the handler makes it run and ends it through the machine. New node kinds (gates,
/// map, dynamic) are new handlers.
protocol NodeHandler {
    /// The node's dependencies succeeded and its inputs are resolved (in `machine.nodes[id]`).
    static func start(_ id: String, in machine: inout ExecutionMachine)

    /// A node this one started ended (a branch's chosen case).
    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine)

    /// Rebuilds a started, unfinished node's state from what was persisted, after a restart.
    /// Structure only: nothing may start or end here, since other nodes are not restored yet.
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex)

    /// Carries on with a restored node once the whole execution is rebuilt (dispatch its
    /// attempt again, decide a retry the crash interrupted).
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine)
}

extension NodeHandler {
    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine) {}
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {}
}

/// Node kinds the engine does not run yet fail clearly instead of hanging.
enum UnsupportedNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        let kind = machine.nodes[id]?.spec.kind?.fieldName ?? "unknown"
        machine.fail(id, code: "Unsupported", message: "\(kind) nodes are not supported by this scheduler release")
    }

    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {}

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        machine.nodes[id]?.phase = .unspecified
        start(id, in: &machine)
    }
}
