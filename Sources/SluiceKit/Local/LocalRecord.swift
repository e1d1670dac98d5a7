/// The record of a local run, kept by applying the events its machine emits with the rules
/// admin applies them by, so a local run reads like a stored one.
struct LocalRecord {
    private var execution: Execution
    private var nodes: [String: NodeExecution] = [:]
    private var events: [Event] = []

    init(execution: Execution) {
        self.execution = execution
    }

    var result: LocalRun {
        LocalRun(execution: execution, nodes: nodes, events: events)
    }

    /// Gates waiting for a signal or an approval, by node id.
    var pausedGates: [(nodeID: String, signalID: String)] {
        nodes.values.filter { $0.phase == .paused }.sorted { $0.nodeID < $1.nodeID }.compactMap { node in
            guard let gate = node.gate, gate.kind != .sleep else { return nil }
            return (node.nodeID, gate.signalID)
        }
    }

    mutating func apply(_ event: Event) {
        events.append(event)
        EventApplication.apply(event, to: &execution, nodes: &nodes, receivedAt: Timestamp.now())
    }
}
