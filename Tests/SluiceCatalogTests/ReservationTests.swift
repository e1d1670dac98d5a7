import SluiceCatalog
import SluiceCore
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Reservations for serialized caching", .loadsTheMachine)
struct ReservationTests {
    let key = Samples.key(7)

    func granted(_ response: ReserveResponse) -> Reservation? {
        if case .granted(let reservation) = response { reservation } else { nil }
    }

    func held(_ response: ReserveResponse) -> Reservation? {
        if case .held(let reservation) = response { reservation } else { nil }
    }

    /// Expects `holder`'s extension refused as FAILED_PRECONDITION saying `why`.
    func expectExtensionRefused(_ catalog: CatalogFixture, holder: String, saying why: String) async {
        let refused = await refusal { try await catalog.extend(key, holder: holder) }
        #expect(refused?.code == .failedPrecondition)
        #expect(refused?.message.contains(why) == true, "\(String(describing: refused))")
    }

    @Test("the first holder is granted the key; another sees who holds it and until when", arguments: StoreKind.allCases)
    func firstComeFirstServed(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let before = Timestamp.now()
        let first = try #require(granted(try await catalog.reserve(key, holder: "exec-a/n7/1")))
        #expect(first.holder == "exec-a/n7/1")
        #expect(first.key == key)
        // Thirty seconds unless asked.
        let expiry = try #require(first.expiresAt)
        #expect(expiry >= Timestamp(seconds: before.seconds + 29) && expiry <= Timestamp(seconds: before.seconds + 32))

        let second = try #require(held(try await catalog.reserve(key, holder: "exec-b/n7/1")))
        #expect(second.holder == "exec-a/n7/1")
        #expect(second.expiresAt == first.expiresAt)
        #expect(try await catalog.stats().activeReservations == 1)
    }

    @Test("the holder asking again renews its reservation", arguments: StoreKind.allCases)
    func sameHolderRenews(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let first = try #require(granted(try await catalog.reserve(key, holder: "a", ttl: .seconds(5))))
        let again = try #require(granted(try await catalog.reserve(key, holder: "a", ttl: .seconds(60))))
        #expect(try #require(again.expiresAt) > (try #require(first.expiresAt)))
    }

    @Test("a populated key answers with its entry instead of a reservation", arguments: StoreKind.allCases)
    func populatedKeyGivesEntry(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(7)])
        guard case .entry(let entry) = try await catalog.reserve(key, holder: "a") else {
            Issue.record("a populated key was reserved")
            return
        }
        #expect(entry.outputs == ["y": .int(14)])
        #expect(try await catalog.stats().activeReservations == 0)
    }

    @Test("a serialized lookup counts as a plain one: a hit when the entry is there, a miss when granted, neither while held", arguments: StoreKind.allCases)
    func reservationsCountHitsAndMisses(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        _ = try #require(granted(try await catalog.reserve(key, holder: "a")))
        _ = try #require(held(try await catalog.reserve(key, holder: "b")))
        _ = try #require(granted(try await catalog.reserve(key, holder: "a")))
        var stats = try await catalog.stats()
        #expect((stats.hits, stats.misses) == (0, 1))

        try await catalog.put([Samples.entry(7)])
        guard case .entry(let served) = try await catalog.reserve(key, holder: "b") else {
            Issue.record("a populated key was reserved")
            return
        }
        #expect(served.hits == 1)
        _ = try await catalog.lookup([key])
        stats = try await catalog.stats()
        #expect((stats.hits, stats.misses) == (2, 1))
        let stored = try #require(try await catalog.entry(CacheKeys.digest(of: key)))
        #expect(stored.hits == 2)
        #expect(stored.lastHitAt != nil)
    }

    @Test("a reservation that lapses goes to the next holder who asks", arguments: StoreKind.allCases)
    func lapsedReservationIsTakenOver(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        _ = try #require(granted(try await catalog.reserve(key, holder: "a", ttl: .milliseconds(200))))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await catalog.stats().activeReservations == 0)
        let taken = try #require(granted(try await catalog.reserve(key, holder: "b")))
        #expect(taken.holder == "b")
        await expectExtensionRefused(catalog, holder: "a", saying: "held by b")
    }

    @Test("putting the key's entry releases its reservation", arguments: StoreKind.allCases)
    func putReleases(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        _ = try #require(granted(try await catalog.reserve(key, holder: "a")))
        try await catalog.put([Samples.entry(7)])
        #expect(try await catalog.stats().activeReservations == 0)
        #expect(try await catalog.release(key, holder: "a") == false)
    }

    @Test("the holder extends its reservation, even after it lapsed", arguments: StoreKind.allCases)
    func holderExtends(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let first = try #require(granted(try await catalog.reserve(key, holder: "a", ttl: .milliseconds(200))))
        try await Task.sleep(for: .milliseconds(400))
        let extended = try #require(try await catalog.extend(key, holder: "a", ttl: .seconds(60)))
        #expect(extended.holder == "a")
        #expect(extended.key == key)
        #expect(try #require(extended.expiresAt) > (try #require(first.expiresAt)))
        #expect(held(try await catalog.reserve(key, holder: "b"))?.holder == "a")
    }

    @Test("extending a reservation someone else holds, or nobody does, is refused naming the holder", arguments: StoreKind.allCases)
    func extendRefusals(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        await expectExtensionRefused(catalog, holder: "a", saying: "a holds no reservation")
        _ = try await catalog.reserve(key, holder: "b")
        await expectExtensionRefused(catalog, holder: "a", saying: "held by b")
    }

    @Test("only the holder releases its reservation, after which another holder is granted the key", arguments: StoreKind.allCases)
    func release(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        _ = try await catalog.reserve(key, holder: "a")
        #expect(try await catalog.release(key, holder: "b") == false)
        #expect(held(try await catalog.reserve(key, holder: "b"))?.holder == "a")
        #expect(try await catalog.release(key, holder: "a") == true)
        #expect(try await catalog.release(key, holder: "a") == false)
        #expect(granted(try await catalog.reserve(key, holder: "b"))?.holder == "b")
    }

    @Test("no reservation lasts longer than an hour", arguments: StoreKind.allCases)
    func ttlCapped(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let before = Timestamp.now()
        let reservation = try #require(granted(try await catalog.reserve(key, holder: "a", ttl: .seconds(86_400))))
        #expect(try #require(reservation.expiresAt) <= Timestamp(seconds: before.seconds + 3_602))
    }

    @Test("an empty holder, a negative ttl or an incomplete key is refused naming the field", arguments: StoreKind.allCases)
    func badReservationRequests(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        #expect(refusedField(await refusal { try await catalog.reserve(key, holder: "") }) == "holder")
        #expect(refusedField(await refusal { try await catalog.extend(key, holder: "") }) == "holder")
        #expect(refusedField(await refusal { try await catalog.release(key, holder: "") }) == "holder")
        #expect(refusedField(await refusal { try await catalog.reserve(key, holder: "a", ttl: .seconds(-1)) }) == "ttl")
        let noTask = CacheKey(cacheVersion: "1", interfaceHash: "sha256:i", inputHash: "sha256:x")
        #expect(refusedField(await refusal { try await catalog.reserve(noTask, holder: "a") }) == "key.task_name")
        let noKey = await refusal { try await catalog.call(.reserve(ReserveRequest(holder: "a"))) }
        #expect(refusedField(noKey) == "key")
        #expect(try await catalog.stats().activeReservations == 0)
    }
}
