import SluiceRPC
import SluiceWire

/// The scheduler's endpoint for executors. It answers health; dispatch of task attempts
/// arrives with the execution core.
public struct SchedulerService: RPCService {
    public typealias Request = SchedulerRequest
    public typealias Response = SchedulerResponse

    public let name = "scheduler"
    public static let defaultAddress = DefaultAddresses.scheduler
    private let identity = ServiceIdentity(service: "scheduler")

    public init() {}

    public func handle(_ call: SchedulerRequest.Call, context: RPCCallContext) async throws -> SchedulerResponse.Reply {
        switch call {
        case .health:
            return .health(identity.health())
        default:
            throw ServiceError.unimplemented("the scheduler does not implement \(call.fieldName) in this release")
        }
    }
}
