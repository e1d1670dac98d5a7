import Logging
import SluiceCatalog
import SluiceRPC
import SluiceWire
import Testing

@Suite("Catalog health")
struct CatalogHealthTests {
    @Test("the catalog answers health naming itself")
    func health() async throws {
        let reply = try await CatalogService().handle(.health(HealthRequest()), context: RPCCallContext(token: "", callerTimeout: .seconds(5), logger: Logger(label: "sluice.catalog.test")))
        guard case .health(let health) = reply else { Issue.record("not a health reply"); return }
        #expect(health.service == "catalog")
    }
}
