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
        case .pollAttempts(let request):
            return .pollAttempts(PollAttemptsResponse(attempts: try await core.pollAttempts(request, from: context.principal.name)))
        case .heartbeat(let request):
            return .heartbeat(HeartbeatResponse(cancelAttemptIDs: try await core.heartbeat(request, from: context.principal.name)))
        case .completeAttempt(let request):
            guard !request.attemptID.isEmpty else { throw ServiceError.invalidArgument("complete_attempt needs an attempt_id") }
            // Unknown is not stale: an executor sending an attempt it was never given is told so.
            if let unknown = await core.unknownAttempt(request.attemptID) { throw ServiceError.notFound("complete_attempt: \(unknown)") }
            try await core.checkActing(
                for: [request.executorID], attempts: [request.attemptID], as: context.principal.name, call: "complete_attempt")
            let completed = try await core.compilingSubgraphs(in: [request])
            return .completeAttempt(CompleteAttemptResponse(accepted: await core.complete(completed)[0]))
        case .completeAttempts(let request):
            if let index = request.completions.firstIndex(where: { $0.attemptID.isEmpty }) {
                throw ServiceError.invalidArgument("complete_attempts: completions[\(index)] names no attempt_id")
            }
            try await core.checkActing(
                for: Array(Set(request.completions.map(\.executorID))), attempts: request.completions.map(\.attemptID),
                as: context.principal.name, call: "complete_attempts")
            let completed = try await core.compilingSubgraphs(in: request.completions)
            return .completeAttempts(CompleteAttemptsResponse(accepted: await core.complete(completed)))
        case .leave(let request):
            try await core.leave(request.executorID, from: context.principal.name)
            return .leave(LeaveResponse())
        case .listExecutors:
            return .listExecutors(ListExecutorsResponse(executors: await core.executorStatuses()))
        }
    }

    public func connectionClosed(_ connection: UInt32) {
        let core = self.core
        Task { await core.connectionClosed(connection) }
    }
}
