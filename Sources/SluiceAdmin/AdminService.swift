import SluiceRPC
import SluiceWire

/// The admin service: Sluice's system of record. It answers health; registration, executions
/// and signals arrive with the execution core.
public struct AdminService: RPCService {
    public typealias Request = AdminRequest
    public typealias Response = AdminResponse

    public let name = "admin"
    public static let defaultAddress = DefaultAddresses.admin
    private let identity = ServiceIdentity(service: "admin")

    public init() {}

    public func handle(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
        switch call {
        case .health:
            return .health(identity.health())
        default:
            throw ServiceError.unimplemented("the admin service does not implement \(call.fieldName) in this release")
        }
    }
}
