import SluiceRPC
import SluiceLogging
import SluiceWire

extension AdminService {
    /// Records who asked to abort an execution and why, and passes the request to the scheduler
    /// through the work feed; the scheduler moves the execution to ABORTED with its events. An
    /// execution that has ended cannot be aborted; asking twice changes nothing.
    func abortExecution(_ request: AbortExecutionRequest, context: RPCCallContext) async throws -> AbortExecutionResponse {
        let id = try requiredExecutionID(request.executionID, call: "abort_execution")
        let outcome = try await store.requestAbort(
            of: id, AbortInfo(reason: request.reason, actor: context.principal.name, at: .now()))
        if outcome.requested {
            feedWakeUps.changed(.feed)
            context.logger.info("abort requested", metadata: [LogKey.executionID: "\(id)", LogKey.actor: "\(context.principal.name)"])
        }
        return AbortExecutionResponse(execution: outcome.execution)
    }
}
