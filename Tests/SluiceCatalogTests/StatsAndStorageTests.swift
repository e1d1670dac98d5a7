import Foundation
import SluiceCatalog
import SluiceCore
import SluiceWire
import SluiceSettings
import SluiceTestSupport
import Testing

@Suite("Stats and the database", .loadsTheMachine)
struct StatsAndStorageTests {
    @Test("stats count entries, hits, misses, puts and live reservations", arguments: StoreKind.allCases)
    func statsCount(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1), Samples.entry(2)])
        try await catalog.put([Samples.entry(2), Samples.entry(3)])
        _ = try await catalog.lookup([Samples.key(1), Samples.key(1), Samples.key(9)])
        _ = try await catalog.reserve(Samples.key(8), holder: "a")
        _ = try await catalog.reserve(Samples.key(9), holder: "a", ttl: .milliseconds(1))
        try await Task.sleep(for: .milliseconds(50))
        // Each granted reservation is a miss too: its holder is to produce the entry.
        #expect(try await catalog.stats() == CatalogStatsResponse(entries: 3, hits: 2, misses: 3, puts: 3, activeReservations: 1))
    }

    @Test("entries, counters and reservations survive a restart on the same database", arguments: StoreKind.allCases)
    func survivesReopen(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1), Samples.entry(2)])
        _ = try await catalog.lookup([Samples.key(1), Samples.key(5)])
        _ = try await catalog.reserve(Samples.key(6), holder: "a")
        let before = try await catalog.stats()

        let restarted = try await catalog.reopened()
        #expect(try await CatalogFixture.stats(of: restarted) == before)
        guard case .lookup(let reply) = try await CatalogFixture.call(restarted, .lookup(LookupRequest(keys: [Samples.key(1)]))) else {
            Issue.record("lookup answered with another reply")
            return
        }
        #expect(reply.results.first?.entry?.hits == 2)
        guard case .reserve(.held(let held)) = try await CatalogFixture.call(
            restarted, .reserve(ReserveRequest(key: Samples.key(6), holder: "b"))) else {
            Issue.record("the reservation did not survive the restart")
            return
        }
        #expect(held.holder == "a")
    }

    @Test(
        "a hit gives the entry the database gives after a restart (SQLite answers it from memory)", arguments: StoreKind.allCases)
    func memoryAndDatabaseAgree(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        var bare = Samples.entry(2)
        bare.provenance = CacheProvenance()
        var dated = Samples.entry(3, createdAt: Timestamp(seconds: 1_650_000_000, nanos: 123))
        dated.provenance?.createdAt = nil
        try await catalog.put([Samples.entry(1), bare, dated])
        let keys = [Samples.key(1), Samples.key(2), Samples.key(3)]
        let fromMemory = try await catalog.lookup(keys).map(\.entry)

        guard case .lookup(let reply) = try await CatalogFixture.call(try await catalog.reopened(), .lookup(LookupRequest(keys: keys)))
        else {
            Issue.record("lookup answered with another reply")
            return
        }
        func withoutHits(_ entry: CacheEntry?) -> CacheEntry? {
            entry.map { CacheEntry(key: $0.key, digest: $0.digest, outputs: $0.outputs, provenance: $0.provenance, createdAt: $0.createdAt) }
        }
        #expect(reply.results.map { withoutHits($0.entry) } == fromMemory.map(withoutHits))
        #expect(fromMemory[1]?.provenance == nil)
    }

    @Test("health names the catalog and its database", arguments: StoreKind.allCases)
    func health(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        guard case .health(let health) = try await catalog.call(.health(HealthRequest())) else {
            Issue.record("not a health reply")
            return
        }
        #expect(health.service == "catalog")
        switch store {
        case .sqlite:
            #expect(health.details == ["store": "sqlite", "store.path": catalog.database])
        case .postgres:
            // The test server's URLs carry no password: the URL is the location's description.
            #expect(health.details == ["store": "postgres", "database": catalog.database])
        }
    }

    @Test("catalogs opening the same new database at once all open it", arguments: StoreKind.allCases)
    func simultaneousFirstOpens(store: StoreKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each PostgreSQL round makes a database on the server, which takes a while.
        for round in 0..<(store == .sqlite ? 20 : 5) {
            let database = switch store {
            case .sqlite: directory.appendingPathComponent("catalog-\(round).sqlite").path
            case .postgres: try await PostgresTestServer.freshDatabase()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let service = CatalogService(store: try await CatalogFixture.openStore(database))
                        _ = try await CatalogFixture.stats(of: service)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a database whose directory cannot be made is a clear error naming the path")
    func unopenableDatabase() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-file-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let path = blocker.appendingPathComponent("catalog.sqlite").path
        do {
            _ = try await SQLiteCatalogStore.open(at: path)
            Issue.record("a database under a plain file opened")
        } catch let error as CatalogStoreOpenError {
            #expect(error.path == path)
            #expect("\(error)".hasPrefix("cannot open the catalog database at \(path)"))
        }
    }

    @Test("the database is the flag's, else the environment's, else .sluice/catalog.sqlite")
    func databaseLocation() async throws {
        let environment = ["SLUICE_CATALOG_DATABASE": "/env/catalog.sqlite"]
        let flagged = try await SettingsReader(
            service: "catalog", flags: ["database": .init(flag: "--database", "/flag/c.sqlite")], environment: environment)
        #expect(try CatalogConfiguration(reading: flagged).database == "/flag/c.sqlite")
        let fromEnvironment = try await SettingsReader(service: "catalog", environment: environment)
        #expect(try CatalogConfiguration(reading: fromEnvironment).database == "/env/catalog.sqlite")
        let unset = try await SettingsReader(service: "catalog", environment: [:])
        #expect(try CatalogConfiguration(reading: unset).database == ".sluice/catalog.sqlite")
    }
}
