import SluiceCore
import SluiceWire

extension AdminService {
    /// The signals set on an execution, in the order they were set; then, while it runs, those
    /// its gates declare that are not set yet (no value), in the workflow's order.
    func listSignals(_ request: ListSignalsRequest) async throws -> ListSignalsResponse {
        let id = try requiredExecutionID(request.executionID, call: "list_signals")
        var signals = try await store.signals(of: id)
        guard let execution = try await store.execution(id), !execution.phase.isTerminal,
              let workflow = try await store.workflow(execution.spec?.workflow ?? Identifier()) else {
            return ListSignalsResponse(signals: signals)
        }
        var listed = Set(signals.map(\.signalID))
        for gate in workflow.compiled.declaredGates {
            guard let signal = gate.signal, !signal.id.isEmpty, listed.insert(signal.id).inserted else { continue }
            signals.append(Signal(executionID: id, signalID: signal.id, type: signal.type, nodeID: gate.nodeID, gateKind: signal.kind))
        }
        return ListSignalsResponse(signals: signals)
    }

    /// Gates waiting now across the executions that have not ended, in the order they began
    /// waiting; of one workflow and one signal id when asked. Each carries its gate's
    /// description from the execution's compiled workflow.
    func listPendingGates(_ request: ListPendingGatesRequest) async throws -> ListPendingGatesResponse {
        let page = try await store.pendingGates(
            workflow: request.workflow, signalID: request.signalID, pageToken: request.pageToken,
            limit: limits.listing(request.limit))
        var descriptions: [Identifier: [String: String]] = [:]
        var gates: [PendingGate] = []
        gates.reserveCapacity(page.items.count)
        for var gate in page.items {
            let workflow = gate.workflow ?? Identifier()
            if descriptions[workflow] == nil {
                descriptions[workflow] = try await gateDescriptions(of: workflow)
            }
            gate.description = descriptions[workflow]?[gate.nodeID] ?? ""
            gates.append(gate)
        }
        return ListPendingGatesResponse(gates: gates, nextPageToken: page.nextPageToken)
    }

    /// What each gate of a workflow says to whoever it waits for, by run-time node id. The
    /// descriptions are a courtesy: a workflow that cannot be read has none.
    private func gateDescriptions(of workflow: Identifier) async throws -> [String: String] {
        guard let registered = try await store.workflow(workflow) else { return [:] }
        var descriptions: [String: String] = [:]
        for gate in registered.compiled.declaredGates where descriptions[gate.nodeID] == nil {
            descriptions[gate.nodeID] = gate.description
        }
        return descriptions
    }
}
