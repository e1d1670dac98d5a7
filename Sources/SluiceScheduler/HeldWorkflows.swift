import SluiceWire

/// The compiled workflows of the executions taken over lately, so that admin can leave a
/// workflow out of the next execution's state (see `GetExecutionStateRequest`). A registered
/// version never changes, and the digest admin sends back with every state confirms it.
struct HeldWorkflows {
    /// Enough for the workflows a deployment runs at once; the oldest taken is dropped first.
    let capacity: Int
    private var byID: [Identifier: CompiledWorkflow] = [:]
    private var order: [Identifier] = []

    init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// The digest to name in the request for a new execution of `workflow`; "" when not held.
    func digest(of workflow: Identifier?) -> String {
        workflow.flatMap { byID[$0]?.digest } ?? ""
    }

    /// The state of a new execution from its `created` work item alone, when the workflow held
    /// for it has the digest the item names; nil otherwise (the state is then asked for). A new
    /// execution has no nodes yet, and any signal set for it comes after it in the feed.
    func stateOfNew(_ execution: Execution, workflowDigest: String) -> ExecutionState? {
        guard let id = execution.spec?.workflow, let held = workflow(id, digest: workflowDigest) else { return nil }
        return ExecutionState(execution: execution, workflow: held, workflowDigest: workflowDigest)
    }

    /// Completes a state admin sent without its workflow, and keeps a workflow it sent.
    /// Nil when admin left out a workflow this scheduler does not hold (it should never).
    mutating func complete(_ state: ExecutionState) -> ExecutionState? {
        guard let id = state.execution?.spec?.workflow else { return state }
        if let workflow = state.workflow {
            keep(workflow, as: id)
            return state
        }
        guard let held = workflow(id, digest: state.workflowDigest) else { return nil }
        var state = state
        state.workflow = held
        return state
    }

    /// The workflow held for `id`, when it has that (non-empty) digest.
    private func workflow(_ id: Identifier, digest: String) -> CompiledWorkflow? {
        guard !digest.isEmpty, let held = byID[id], held.digest == digest else { return nil }
        return held
    }

    private mutating func keep(_ workflow: CompiledWorkflow, as id: Identifier) {
        guard !workflow.digest.isEmpty else { return }
        if byID.updateValue(workflow, forKey: id) == nil {
            order.append(id)
            if order.count > capacity { byID[order.removeFirst()] = nil }
        }
    }
}
