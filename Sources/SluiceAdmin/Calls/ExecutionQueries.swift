import SluiceCore
import SluiceRPC
import SluiceWire

extension AdminService {
    /// One execution; with `wait_ms`, once it has ended (or the wait is over).
    func getExecution(_ request: GetExecutionRequest, context: RPCCallContext) async throws -> GetExecutionResponse {
        let id = try requiredExecutionID(request.executionID, call: "get_execution")
        let execution = try await longPoll(
            waiting: limits.wait(requestedMilliseconds: request.waitMs, callerTimeout: context.callerTimeout),
            on: id, wakeUps: endWakeUps,
            read: {
                guard let execution = try await store.execution(id) else {
                    throw ServiceError.notFound("execution \(id) does not exist")
                }
                return execution
            },
            isReady: { $0.phase.isTerminal })
        return GetExecutionResponse(execution: execution)
    }

    /// Executions of a workflow, in some phases, carrying some labels; newest first.
    func listExecutions(_ request: ListExecutionsRequest) async throws -> ListExecutionsResponse {
        let filter = ExecutionFilter(workflow: request.workflow, phases: request.phases, labels: request.labels)
        let page = try await store.executions(
            matching: filter, pageToken: request.pageToken, limit: limits.listing(request.limit))
        return ListExecutionsResponse(executions: page.items, nextPageToken: page.nextPageToken)
    }

    /// The execution's nodes, by start time (nodes not started last), then node id; or, with a
    /// parent, a limit or a page token, a page of them in the order they were first recorded.
    func listNodeExecutions(_ request: ListNodeExecutionsRequest) async throws -> ListNodeExecutionsResponse {
        let id = try requiredExecutionID(request.executionID, call: "list_node_executions")
        guard request.limit > 0 || !request.pageToken.isEmpty || !request.parentNodeID.isEmpty else {
            if request.withoutMapElements { return ListNodeExecutionsResponse(nodes: try await nodesCountingElements(of: id)) }
            return ListNodeExecutionsResponse(nodes: try await store.nodeExecutions(of: id))
        }
        let page = try await store.nodeExecutions(
            of: id, parent: request.parentNodeID, pageToken: request.pageToken, limit: limits.batch(request.limit))
        return ListNodeExecutionsResponse(nodes: page.items, nextPageToken: page.nextPageToken)
    }

    /// The nodes without the elements of map nodes, each map node counting its ended ones
    /// instead, by start time. Counted here, when asked, rather than kept on the map's record
    /// as elements end: the record holds the map's whole input lists, too large to rewrite at
    /// every element. Read a page at a time, so that a map of any size is counted.
    func nodesCountingElements(of executionID: String) async throws -> [NodeExecution] {
        var counts: [String: ElementCounts] = [:]
        var kept: [NodeExecution] = []
        try await forEachNode(of: executionID) { node in
            if MapElementIDs.isElement(node.nodeID, of: node.parentNodeID) {
                counts[node.parentNodeID, default: ElementCounts()].count(node)
            } else {
                kept.append(node)
            }
        }
        var bytes = 0
        for index in kept.indices {
            if kept[index].kind == .map { kept[index].elementCounts = counts[kept[index].nodeID] ?? ElementCounts() }
            bytes += (try? kept[index].serializedBytes().count) ?? 0
        }
        // Nodes other than map elements are bounded by the workflow and its subgraphs, yet
        // those can still be more than one reply holds.
        guard bytes <= NodePaging.mostBytes else {
            throw ServiceError(.resourceExhausted, """
                execution \(executionID)'s nodes other than map elements take \(bytes >> 20) MiB, more than one reply \
                holds; list them a page at a time (limit, page_token)
                """)
        }
        return kept.sorted(by: NodeExecution.startOrder)
    }

    /// Visits every node of the execution, a page at a time, so that one of any size is read
    /// in bounded steps.
    func forEachNode(of executionID: String, _ visit: (NodeExecution) -> Void) async throws {
        var token = ""
        repeat {
            let page = try await store.nodeExecutions(of: executionID, parent: "", pageToken: token, limit: NodePaging.mostNodes)
            page.items.forEach(visit)
            token = page.nextPageToken
        } while !token.isEmpty
    }

    /// Everything a restarted scheduler needs to carry on with one execution. The compiled
    /// workflow is left out when the caller holds it already: encoding a workflow of a thousand
    /// nodes costs more than everything else a new execution's state holds.
    func getExecutionState(_ request: GetExecutionStateRequest) async throws -> GetExecutionStateResponse {
        let id = try requiredExecutionID(request.executionID, call: "get_execution_state")
        var state = try await store.executionState(of: id)
        state.workflowDigest = state.workflow?.digest ?? ""
        if !request.heldWorkflowDigest.isEmpty, request.heldWorkflowDigest == state.workflowDigest {
            state.workflow = nil
        }
        return GetExecutionStateResponse(state: state)
    }

    /// Executions that have not ended, and the feed cursor to poll from once they are rebuilt.
    func listActiveExecutions(_ request: ListActiveExecutionsRequest) async throws -> ListActiveExecutionsResponse {
        let active = try await store.activeExecutions(pageToken: request.pageToken, limit: limits.batch(request.limit))
        return ListActiveExecutionsResponse(
            executionIDs: active.page.items, nextPageToken: active.page.nextPageToken, feedCursor: active.feedCursor)
    }

    func requiredExecutionID(_ id: String, call: String) throws -> String {
        guard !id.isEmpty else {
            throw ServiceError.invalidArgument(
                "\(call) names no execution (execution_id)",
                details: [ErrorDetail(message: "an execution id is required", field: "execution_id")])
        }
        return id
    }
}
