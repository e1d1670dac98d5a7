import SluiceRPC
import SluiceWire

/// The catalog: cached task outputs. It answers health; lookups and puts arrive with caching.
public struct CatalogService: RPCService {
    public typealias Request = CatalogRequest
    public typealias Response = CatalogResponse

    public let name = "catalog"
    public static let defaultAddress = DefaultAddresses.catalog
    private let identity = ServiceIdentity(service: "catalog")

    public init() {}

    public func handle(_ call: CatalogRequest.Call, context: RPCCallContext) async throws -> CatalogResponse.Reply {
        switch call {
        case .health:
            return .health(identity.health())
        default:
            throw ServiceError.unimplemented("the catalog does not implement \(call.fieldName) in this release")
        }
    }
}
