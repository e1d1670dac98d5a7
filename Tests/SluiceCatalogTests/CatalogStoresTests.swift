import Foundation
import Logging
import SluiceCatalog
import SluiceTestSupport
import Testing

@Suite("Opening the store --database names", .loadsTheMachine)
struct CatalogStoresTests {
    let logger = CatalogFixture.storeLogger

    @Test("a postgres:// or postgresql:// URL opens PostgreSQL; anything else is a SQLite file")
    func storeByDatabase() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        for database in [url, url.replacingOccurrences(of: "postgres://", with: "postgresql://")] {
            let store = try await CatalogStores.open(database, logger: logger)
            #expect(store is PostgresCatalogStore, "\(database)")
            #expect(store.healthDetails["store"] == "postgres")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("catalog.sqlite").path
        let file = try await CatalogStores.open(path, logger: logger)
        #expect(file is SQLiteCatalogStore)
        #expect(file.healthDetails["store.path"] == path)
    }

    @Test("a URL's password shows in neither the health reply nor an error")
    func passwordNeverShown() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        // The test server trusts local connections, so any password is accepted.
        let withPassword = url.replacingOccurrences(of: "postgres://sluice@", with: "postgres://sluice:hunter2@")
        let store = try await CatalogStores.open(withPassword, logger: logger)
        #expect(store.healthDetails["database"] == url)

        let noDatabase = String(withPassword.prefix(upTo: try #require(withPassword.lastIndex(of: "/"))))
        do {
            _ = try await CatalogStores.open(noDatabase, logger: logger)
            Issue.record("a URL naming no database opened")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
            #expect("\(error)".contains("names no database"))
        }
    }
}
