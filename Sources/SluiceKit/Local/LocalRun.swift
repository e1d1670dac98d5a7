/// How a local run ended: its phase, outputs or error, and every node's record.
public struct LocalRun: Sendable {
    /// The execution as admin would record it.
    public let execution: Execution
    /// Every node that started or was skipped, by id; nodes of sub-workflows and branch cases
    /// have hierarchical ids ("sub/n0", "size/big").
    public let nodes: [String: NodeExecution]
    /// The events the engine emitted, in order.
    public let events: [Event]

    public var phase: ExecutionPhase { execution.phase }
    public var outputs: [String: Literal] { execution.outputs }
    /// Why the run failed, timed out or was aborted (code `Aborted`, the abort's reason as the
    /// message); nil when it succeeded.
    public var error: ExecutionError? {
        if let error = execution.error { return error }
        guard phase == .aborted, let abort = execution.abort else { return nil }
        return ExecutionError(code: "Aborted", message: abort.reason, actor: abort.actor)
    }

    /// The record of node `id`, nil when it never started and was not skipped.
    public func node(_ id: String) -> NodeExecution? { nodes[id] }

    /// The phase of node `id`, nil when it never started and was not skipped.
    public func phase(of id: String) -> NodePhase? { nodes[id]?.phase }

    /// The outputs decoded as `type` (the workflow's Output). Throws ``LocalRunError`` when the
    /// run did not succeed, and a `DecodingError` when the outputs do not fit the type.
    public func output<T: Decodable>(as type: T.Type) throws -> T {
        guard phase == .succeeded else {
            let reason = error.map { ": \($0.code): \($0.message)" + ($0.nodeID.isEmpty ? "" : " (node \($0.nodeID))") } ?? ""
            throw LocalRunError("the run ended \(phase.name)\(reason), so it has no outputs")
        }
        return try LiteralDecoder().decode(type, from: .map(outputs))
    }
}
