import SluiceRPC

extension SluiceClient {
    /// Starts an execution. Admin type-checks `inputs` against the workflow's interface and
    /// fills in defaults; a wrong or missing input is an INVALID_ARGUMENT naming it.
    /// - Parameters:
    ///   - name: optional; unique among executions when given.
    public func startExecution(
        workflow: Identifier, inputs: [String: Literal] = [:], name: String = "", labels: [String: String] = [:],
        overwriteCache: Bool = false
    ) async throws -> Execution {
        let spec = ExecutionSpec(workflow: workflow, inputs: inputs, name: name, labels: labels, overwriteCache: overwriteCache)
        let reply = try await admin.call(.createExecution(CreateExecutionRequest(spec: spec)), timeout: timeout) {
            if case .createExecution(let reply) = $0 { reply } else { nil }
        }
        return try Self.present(reply.execution, "the new execution")
    }

    public func execution(_ id: String) async throws -> Execution {
        try await execution(id, waitingUpTo: .zero)
    }

    /// The execution once it has ended, or after `wait` if it has not (a long poll).
    func execution(_ id: String, waitingUpTo wait: Duration) async throws -> Execution {
        let request = GetExecutionRequest(executionID: id, waitMs: Self.milliseconds(wait))
        let reply = try await admin.call(.getExecution(request), timeout: timeout + wait) {
            if case .getExecution(let reply) = $0 { reply } else { nil }
        }
        return try Self.present(reply.execution, "execution \(id)")
    }

    /// Executions, newest first as admin lists them, optionally only of one workflow (by name)
    /// or in some phases.
    public func executions(workflow: String? = nil, phases: [ExecutionPhase] = [], limit: Int = 50) async throws -> [Execution] {
        try await pages(limit: limit) { token, pageLimit in
            let request = ListExecutionsRequest(workflow: workflow ?? "", phases: phases, limit: pageLimit, pageToken: token)
            let reply = try await self.admin.call(.listExecutions(request), timeout: self.timeout) {
                if case .listExecutions(let reply) = $0 { reply } else { nil }
            }
            return (reply.executions, reply.nextPageToken)
        }
    }

    /// The execution's nodes, including those inside sub-workflows and branches and the
    /// elements of map nodes, by start time (nodes not started last), then node id. Fetched a
    /// page at a time, so that a map of any size is listed.
    public func nodes(of executionID: String) async throws -> [NodeExecution] {
        try await pages(limit: .max) { token, _ in
            let page = try await self.nodes(of: executionID, parent: "", limit: Self.largestNodePage, pageToken: token)
            return (page.nodes, page.nextPageToken)
        }.sorted(by: NodeExecution.startOrder)
    }

    /// The execution's nodes without the elements of its map nodes, which count them instead
    /// (`NodeExecution.elementCounts`): what to show of an execution with large maps. With
    /// `leavingOutMapElements` false, every node, as `nodes(of:)` lists them.
    public func nodes(of executionID: String, leavingOutMapElements: Bool) async throws -> [NodeExecution] {
        guard leavingOutMapElements else { return try await nodes(of: executionID) }
        let request = ListNodeExecutionsRequest(executionID: executionID, withoutMapElements: true)
        return try await admin.call(.listNodeExecutions(request), timeout: timeout) {
            if case .listNodeExecutions(let reply) = $0 { reply.nodes } else { nil }
        }
    }

    /// The most nodes admin puts in one page.
    static let largestNodePage = 10_000

    /// A page of the execution's nodes whose parent is `parent` (a map node's elements, in the
    /// order they started; "" for every node, in the order they were first recorded), at most
    /// `limit` (up to 10,000, and fewer when they are large); pass the page's `nextPageToken`
    /// for the next one, which is empty after the last page.
    public func nodes(of executionID: String, parent: String, limit: Int = 1_000, pageToken: String = "") async throws -> NodePage {
        let request = ListNodeExecutionsRequest(
            executionID: executionID, parentNodeID: parent, limit: UInt32(clamping: max(limit, 1)), pageToken: pageToken)
        return try await admin.call(.listNodeExecutions(request), timeout: timeout) {
            if case .listNodeExecutions(let reply) = $0 { NodePage(nodes: reply.nodes, nextPageToken: reply.nextPageToken) } else { nil }
        }
    }

    /// Asks for the execution to be aborted: running attempts are stopped and it ends ABORTED.
    /// A FAILED_PRECONDITION when it has already ended.
    @discardableResult
    public func abort(_ id: String, reason: String = "") async throws -> Execution {
        let reply = try await admin.call(.abortExecution(AbortExecutionRequest(executionID: id, reason: reason)), timeout: timeout) {
            if case .abortExecution(let reply) = $0 { reply } else { nil }
        }
        return try Self.present(reply.execution, "execution \(id)")
    }

    static func present(_ execution: Execution?, _ what: String) throws -> Execution {
        guard let execution else { throw ServiceError(.malformedMessage, "admin answered without \(what)") }
        return execution
    }
}

/// One page of an execution's nodes.
public struct NodePage: Sendable, Hashable {
    public var nodes: [NodeExecution]
    /// Where the next page starts; empty after the last one.
    public var nextPageToken: String
}
