import SluiceCatalog
import SluiceCore
import SluiceWire
import SluiceTestSupport
import Testing

/// Several catalogs may serve one PostgreSQL database: what one stores or reserves, the others
/// see at once.
@Suite("Catalogs sharing a PostgreSQL database", .loadsTheMachine)
struct SharedPostgresDatabaseTests {
    @Test("an entry put through one catalog is found through another, its hits and the counters shared")
    func entriesAndCountersShared() async throws {
        let first = try await CatalogFixture(.postgres)
        let second = try await first.sharingDatabase()
        try await first.put([Samples.entry(1)])

        let found = try #require(try await second.lookup([Samples.key(1), Samples.key(2)]).first?.entry)
        #expect(found.outputs == ["y": .int(2)] && found.hits == 1)
        #expect(try await first.entry(CacheKeys.digest(of: Samples.key(1)))?.hits == 1)
        #expect(try await second.put([Samples.entry(1)]).kept == 1)
        let stats = CatalogStatsResponse(entries: 1, hits: 1, misses: 1, puts: 1)
        #expect(try await first.stats() == stats)
        #expect(try await second.stats() == stats)

        #expect(try await second.evict(.executionID("exec-1")) == 1)
        #expect(try await first.lookup([Samples.key(1)]).first?.entry == nil)
    }

    @Test("a reservation held through one catalog is held through another, and released through either")
    func reservationsShared() async throws {
        let first = try await CatalogFixture(.postgres)
        let second = try await first.sharingDatabase()
        let key = Samples.key(7)
        guard case .granted = try await first.reserve(key, holder: "a") else {
            Issue.record("the first holder was not granted the key")
            return
        }
        guard case .held(let held) = try await second.reserve(key, holder: "b") else {
            Issue.record("a key reserved through one catalog was granted through another")
            return
        }
        #expect(held.holder == "a")
        #expect(await refusal { try await second.extend(key, holder: "b") }?.message.contains("held by a") == true)
        #expect(try await second.extend(key, holder: "a", ttl: .seconds(60))?.holder == "a")
        #expect(try await second.release(key, holder: "a"))
        guard case .granted(let granted) = try await second.reserve(key, holder: "b") else {
            Issue.record("a released key was not granted")
            return
        }
        #expect(granted.holder == "b")
        guard case .held(let heldAgain) = try await first.reserve(key, holder: "c") else {
            Issue.record("a key reserved through the second catalog was granted through the first")
            return
        }
        #expect(heldAgain.holder == "b")
    }

    @Test("holders racing for one key through several catalogs: exactly one is granted it")
    func oneHolderWins() async throws {
        let first = try await CatalogFixture(.postgres)
        let catalogs = [first, try await first.sharingDatabase(), try await first.sharingDatabase()]
        for n in 0..<10 {
            let key = Samples.key(n)
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for holder in 0..<12 {
                    group.addTask {
                        if case .granted = try await catalogs[holder % catalogs.count].reserve(key, holder: "h\(holder)") { true } else { false }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 1, "key \(n)")
        }
        #expect(try await first.stats().misses == 10)
    }

    @Test("reserving and putting the same keys at once through two catalogs leaves no reservation on a stored key")
    func reserveAndPutRace() async throws {
        let first = try await CatalogFixture(.postgres)
        let second = try await first.sharingDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<100 {
                group.addTask { _ = try await first.reserve(Samples.key(n), holder: "waiting-\(n)") }
                group.addTask { try await second.put([Samples.entry(n)]) }
            }
            try await group.waitForAll()
        }
        // Each key was reserved before its put, which released it, or after, which found the entry.
        let stats = try await second.stats()
        #expect(stats.entries == 100)
        #expect(stats.activeReservations == 0)
    }
}
