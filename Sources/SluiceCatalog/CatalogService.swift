import CoreMetrics
import SluiceRPC
import SluiceWire

/// The catalog: cached task outputs. The scheduler looks a cacheable task's key up before
/// running it and puts its outputs after it succeeds; tasks that serialize reserve their key
/// first so that one execution produces while the others wait. People list, inspect and evict
/// entries through the CLI.
///
/// Entries are named by `CacheKeys.digest(of:)` of their key, computed here: a digest a caller
/// sends is ignored. Each call group is answered in its own file under `Calls/`.
public struct CatalogService: RPCService {
    public typealias Request = CatalogRequest
    public typealias Response = CatalogResponse

    public let name = "catalog"
    public static let defaultAddress = DefaultAddresses.catalog

    let store: any CatalogStore
    let limits: CatalogLimits
    private let identity = ServiceIdentity(service: "catalog")

    /// A service over `store`.
    public init(store: any CatalogStore, limits: CatalogLimits = CatalogLimits()) {
        self.store = store
        self.limits = limits
    }

    /// Writes the hit counts the store holds in memory: what a graceful shutdown does last,
    /// so that a restart finds every hit counted.
    public func writePendingHits() async throws {
        try await store.writePendingHits()
    }

    public func handle(_ call: CatalogRequest.Call, context: RPCCallContext) async throws -> CatalogResponse.Reply {
        try call.checkBounds()
        do {
            return try await answer(call, context: context)
        } catch let error as WireError {
            // Encoding for storage refuses what protobuf cannot carry (a NUL in a string).
            throw ServiceError.invalidArgument("the \(call.fieldName) request holds a value that cannot be stored: \(error)")
        } catch let error where !(error is ServiceError) && !(error is CancellationError) {
            // What the store reports as its own failure (see CatalogStore).
            Self.storeErrors.increment()
            throw error
        }
    }

    /// Calls that failed in the store itself (its database), not for what the caller asked.
    static let storeErrors = CoreMetrics.Counter(label: "sluice_store_errors_total", dimensions: [("service", "catalog")])

    private func answer(_ call: CatalogRequest.Call, context: RPCCallContext) async throws -> CatalogResponse.Reply {
        switch call {
        case .health:
            return .health(identity.health(details: store.healthDetails))
        case .lookup(let request):
            return .lookup(try await lookup(request, context: context))
        case .put(let request):
            return .put(try await put(request, context: context))
        case .listEntries(let request):
            return .listEntries(try await listEntries(request))
        case .getEntry(let request):
            return .getEntry(try await getEntry(request))
        case .evict(let request):
            return .evict(try await evict(request, context: context))
        case .stats:
            return .stats(try await store.stats(at: .now()))
        case .reserve(let request):
            return .reserve(try await reserve(request))
        case .extendReservation(let request):
            return .extendReservation(try await extendReservation(request))
        case .releaseReservation(let request):
            return .releaseReservation(try await releaseReservation(request))
        }
    }
}
