import Logging
import SluiceEngine
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire
import Testing

/// A catalog that answers every lookup with a hit, after `delay`: a busy machine.
struct SlowCatalog: RPCService {
    typealias Request = CatalogRequest
    typealias Response = CatalogResponse
    // A stand-in served with authentication off: every call is open.
    func access(for call: Request.Call) -> CallAccess { .anyone }

    let name = "catalog"
    let delay: Duration

    func handle(_ call: CatalogRequest.Call, context: RPCCallContext) async throws -> CatalogResponse.Reply {
        guard case .lookup(let request) = call else { throw ServiceError.unimplemented("not in this fake") }
        try await Task.sleep(for: delay)
        return .lookup(LookupResponse(results: request.keys.map { key in
            LookupResult(key: key, entry: CacheEntry(key: key, outputs: ["y": .int(1)]))
        }))
    }
}

@Suite("The scheduler's deadline for catalog calls")
struct CatalogDeadlineTests {
    static let key = CacheKey(taskName: "t", cacheVersion: "1", interfaceHash: "sha256:i", inputHash: "sha256:x")

    static func isHit(_ result: CacheLookupResult) -> Bool {
        if case .hit = result { true } else { false }
    }

    @Test("a catalog slower than the deadline costs the hit; the deadline is the scheduler's to set, 1 s unless set")
    func deadlineIsASetting() async throws {
        let server = try RPCServer(service: SlowCatalog(delay: .milliseconds(400)), listeningOn: ["tcp://127.0.0.1:0"], authenticator: .off, logger: Logger(label: "test"))
        server.start()
        let address = server.addresses[0]
        #expect(CatalogLink(client: try CatalogClient(address: address), logger: Logger(label: "test")).deadline == .seconds(1))
        // Generous, so that a loaded machine answers within it: the point is that it is set.
        let patient = CatalogLink(client: try CatalogClient(address: address), deadline: .seconds(20), logger: Logger(label: "test"))
        #expect((await patient.lookUp([Self.key])).allSatisfy(Self.isHit), "answered within the deadline: a hit")

        let hasty = CatalogLink(client: try CatalogClient(address: address), deadline: .milliseconds(100), logger: Logger(label: "test"))
        #expect(!(await hasty.lookUp([Self.key])).contains(where: Self.isHit), "past a 100 ms deadline the node goes without")
        await server.close()
    }
}
