import SluiceRPC
import SluiceWire

extension AdminRequest.Call {
    /// Refuses a call with a field over its bound (see ``RequestBounds``) before any work.
    func checkBounds() throws(ServiceError) {
        let bounds = RequestBounds(call: fieldName)
        switch self {
        case .health, .pollWork:
            break
        case .registerTask(let request):
            try bounds.identifier(request.task?.id, "task.id")
            try bounds.labels(request.task?.labels ?? [:], "task.labels")
        case .registerWorkflow(let request):
            try bounds.identifier(request.workflow?.id, "workflow.id")
            try bounds.labels(request.workflow?.labels ?? [:], "workflow.labels")
        case .getTask(let request):
            try bounds.identifier(request.id, "id")
        case .getWorkflow(let request):
            try bounds.identifier(request.id, "id")
        case .listTasks(let request):
            try bounds.text(request.name, "name")
            try bounds.pageToken(request.pageToken)
        case .listWorkflows(let request):
            try bounds.text(request.name, "name")
            try bounds.pageToken(request.pageToken)
        case .createExecution(let request):
            try bounds.identifier(request.spec?.workflow, "spec.workflow")
            try bounds.text(request.spec?.name ?? "", "spec.name")
            try bounds.labels(request.spec?.labels ?? [:], "spec.labels")
        case .getExecution(let request):
            try bounds.text(request.executionID, "execution_id")
        case .listExecutions(let request):
            try bounds.text(request.workflow, "workflow")
            // Each phase at most once: there are seven.
            try bounds.count(request.phases.count, "phases", atMost: 16)
            try bounds.labels(request.labels, "labels")
            try bounds.pageToken(request.pageToken)
        case .listNodeExecutions(let request):
            try bounds.text(request.executionID, "execution_id")
            try bounds.text(request.parentNodeID, "parent_node_id")
            try bounds.text(request.pageToken, "page_token")
        case .getEvents(let request):
            try bounds.text(request.executionID, "execution_id")
        case .abortExecution(let request):
            try bounds.text(request.executionID, "execution_id")
            try bounds.text(request.reason, "reason", atMost: RequestBounds.textBytes)
        case .setSignal(let request):
            try bounds.text(request.executionID, "execution_id")
            try bounds.text(request.signalID, "signal_id")
            try bounds.text(request.displayName, "display_name")
            try bounds.text(request.comment, "comment", atMost: RequestBounds.textBytes)
        case .listSignals(let request):
            try bounds.text(request.executionID, "execution_id")
        case .listPendingGates(let request):
            try bounds.text(request.workflow, "workflow")
            try bounds.text(request.signalID, "signal_id")
            try bounds.pageToken(request.pageToken)
        case .recordEvents(let request):
            // The scheduler sends at most 4,000 at a time.
            try bounds.count(request.events.count, "events", atMost: 10_000)
        case .getExecutionState(let request):
            try bounds.text(request.executionID, "execution_id")
            // A digest is 71 bytes ("sha256:" and 64 hex digits); admin's rules may use others.
            try bounds.text(request.heldWorkflowDigest, "held_workflow_digest", atMost: RequestBounds.textBytes)
        case .listActiveExecutions(let request):
            try bounds.pageToken(request.pageToken)
        case .compileSubgraph(let request):
            // Ids of nested nodes grow with the nesting, as attempt ids do.
            try bounds.text(request.nodeID, "node_id", atMost: RequestBounds.textBytes)
            try bounds.identifier(request.task?.id, "task.id")
            // The compiler says so in the subgraph's words (DynamicSubgraph.mostNodes); this
            // only keeps a far larger request from being read at all.
            try bounds.count(request.result?.nodes.count ?? 0, "result.nodes", atMost: 10 * RequestBounds.subgraphNodes)
            try bounds.count(request.result?.tasks.count ?? 0, "result.tasks", atMost: RequestBounds.subgraphNodes)
        }
    }
}
