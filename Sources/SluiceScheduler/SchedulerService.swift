import SluiceRPC
import SluiceWire

/// The scheduler's endpoint for executors: long polls for attempts, heartbeats, completions.
public struct SchedulerService: RPCService {
    public typealias Request = SchedulerRequest
    public typealias Response = SchedulerResponse

    public let name = "scheduler"
    public static let defaultAddress = DefaultAddresses.scheduler
    private let identity = ServiceIdentity(service: "scheduler")
    public let core: SchedulerCore

    public init(core: SchedulerCore) {
        self.core = core
    }

    public func handle(_ call: SchedulerRequest.Call, context: RPCCallContext) async throws -> SchedulerResponse.Reply {
        try call.checkBounds()
        switch call {
        case .health:
            let active = await core.activeExecutionCount
            return .health(identity.health(details: ["active_executions": "\(active)"]))
        case .pollAttempts(var request):
            let executorID = Self.qualified(request.executor?.executorID ?? "", by: context.principal.name)
            request.executor?.executorID = executorID
            return .pollAttempts(PollAttemptsResponse(attempts: await core.pollAttempts(request)))
        case .heartbeat(var request):
            request.executorID = Self.qualified(request.executorID, by: context.principal.name)
            return .heartbeat(HeartbeatResponse(cancelAttemptIDs: await core.heartbeat(request)))
        case .completeAttempt(var request):
            guard !request.attemptID.isEmpty else { throw ServiceError.invalidArgument("complete_attempt needs an attempt_id") }
            // Unknown is not stale: an executor sending an attempt it was never given is told so.
            if let unknown = await core.unknownAttempt(request.attemptID) { throw ServiceError.notFound("complete_attempt: \(unknown)") }
            request.executorID = Self.qualified(request.executorID, by: context.principal.name)
            // Refused before a subgraph is compiled for it, and checked again as it is applied.
            try await core.checkHolders(of: [request.attemptID], principal: context.principal.name, call: "complete_attempt")
            let completed = try await core.compilingSubgraphs(in: [request])
            return .completeAttempt(CompleteAttemptResponse(
                accepted: try await core.complete(completed, from: context.principal.name, call: "complete_attempt")[0]))
        case .completeAttempts(var request):
            if let index = request.completions.firstIndex(where: { $0.attemptID.isEmpty }) {
                throw ServiceError.invalidArgument("complete_attempts: completions[\(index)] names no attempt_id")
            }
            for index in request.completions.indices {
                request.completions[index].executorID = Self.qualified(request.completions[index].executorID, by: context.principal.name)
            }
            try await core.checkHolders(
                of: request.completions.map(\.attemptID), principal: context.principal.name, call: "complete_attempts")
            let completed = try await core.compilingSubgraphs(in: request.completions)
            return .completeAttempts(CompleteAttemptsResponse(
                accepted: try await core.complete(completed, from: context.principal.name, call: "complete_attempts")))
        case .leave(let request):
            await core.leave(Self.qualified(request.executorID, by: context.principal.name))
            return .leave(LeaveResponse())
        case .listExecutors:
            return .listExecutors(ListExecutorsResponse(executors: await core.executorStatuses()))
        }
    }

    /// An executor's id as the scheduler knows it: behind the principal whose token it calls
    /// with ("sluice-executor/vm-12-ab34cd56"). An executor can name only its own principal's
    /// executors, so no principal can poll, heartbeat, leave or report as another's executor.
    static func qualified(_ executorID: String, by principal: String) -> String {
        executorID.isEmpty ? "" : executorPrefix(of: principal) + executorID
    }

    static func executorPrefix(of principal: String) -> String { principal + "/" }

    public func connectionClosed(_ connection: UInt32) {
        let core = self.core
        Task { await core.connectionClosed(connection) }
    }
}
