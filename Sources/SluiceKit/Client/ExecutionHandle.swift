/// An execution started from Swift, typed by its workflow's output: ``result(timeout:)`` waits
/// for it and returns the output struct, or throws an ``ExecutionFailure`` saying how it ended.
///
///     let handle = try await client.start(printing, input: order)
///     let output = try await handle.result()          // ChainOutput
public struct ExecutionHandle<Output: Decodable & Sendable>: Sendable {
    /// The execution's id, as `sluice status` takes it.
    public let id: String
    let client: SluiceClient

    /// The execution as it is now.
    public func execution() async throws -> Execution {
        try await client.execution(id)
    }

    /// Waits until the execution ends and returns its output. Throws an ``ExecutionFailure``
    /// when it failed, was rejected, timed out or was aborted; a DEADLINE_EXCEEDED
    /// `ServiceError` after `timeout` (the execution goes on); an INVALID_ARGUMENT one when its
    /// outputs do not decode as `Output`.
    public func result(timeout: Duration? = nil) async throws -> Output {
        let ended = try await client.wait(for: id, timeout: timeout)
        guard ended.phase == .succeeded else { throw ExecutionFailure(ended) }
        return try ended.outputs(as: Output.self)
    }

    /// Aborts the execution.
    @discardableResult
    public func abort(reason: String = "") async throws -> Execution {
        try await client.abort(id, reason: reason)
    }
}

/// How an execution ended when it did not succeed, in words a person reads: which node, what
/// went wrong, and who decided (a rejection, an abort).
public struct ExecutionFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case failed, rejected, timedOut, aborted
    }

    public let executionID: String
    public let kind: Kind
    /// The execution's error, when it has one (an abort has none).
    public let error: ExecutionError?
    public let abort: AbortInfo?

    public init(_ execution: Execution) {
        executionID = execution.id
        error = execution.error
        abort = execution.abort
        kind = switch execution.phase {
        case .aborted: .aborted
        case .timedOut: .timedOut
        default: execution.error?.code == "Rejected" ? .rejected : .failed
        }
    }

    public var description: String {
        let subject = "execution \(executionID)"
        switch kind {
        case .aborted:
            let by = abort.map { $0.actor.isEmpty ? "" : " by \($0.actor)" } ?? ""
            let reason = abort.map { $0.reason.isEmpty ? "" : ": \($0.reason)" } ?? ""
            return "\(subject) was aborted\(by)\(reason)"
        case .timedOut:
            return "\(subject) timed out" + (error.map { ": \(ExecutionText.error($0))" } ?? "")
        case .rejected:
            // The message names the reviewer and the reason ("rejected by bob: y looks wrong").
            return "\(subject) was \(error?.message ?? "rejected")" + (error.map { $0.nodeID.isEmpty ? "" : " (at \($0.nodeID))" } ?? "")
        case .failed:
            // "node check, attempt 2: NonZeroExit: exit status 1".
            return "\(subject) failed" + (error.map { ": \(ExecutionText.error($0))" } ?? "")
        }
    }
}

extension SluiceClient {
    /// Starts an execution of a registered workflow on `input`, whose fields are the workflow's
    /// inputs, and returns a handle typed by its output.
    public func start<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, name: String = "", labels: [String: String] = [:],
        overwriteCache: Bool = false
    ) async throws -> ExecutionHandle<Output> {
        let inputs: [String: Literal]
        do {
            inputs = try NamedInputs.encode(input)
        } catch {
            throw ServiceError.invalidArgument("cannot start \(workflow.workflowID.name): \(error.message)")
        }
        let execution = try await startExecution(
            workflow: workflow.workflowID, inputs: inputs, name: name, labels: labels, overwriteCache: overwriteCache)
        return ExecutionHandle(id: execution.id, client: self)
    }
}
