import Foundation
import Logging
import SluiceCatalog
import SluiceCore
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Listing, inspecting and evicting entries", .loadsTheMachine)
struct InspectionTests {
    /// A catalog over `store` holding entries 0..<count of task "double", the higher numbers
    /// created later.
    func populated(_ store: StoreKind, _ count: Int) async throws -> CatalogFixture {
        let catalog = try await CatalogFixture(store)
        try await catalog.put((0..<count).map { Samples.entry($0, createdAt: Timestamp(seconds: 1_700_000_000 + Int64($0))) })
        return catalog
    }

    @Test("a listing is newest first, without outputs unless asked", arguments: StoreKind.allCases)
    func newestFirst(store: StoreKind) async throws {
        let catalog = try await populated(store, 3)
        let listed = try await catalog.list()
        #expect(listed.entries.map(\.key) == [Samples.key(2), Samples.key(1), Samples.key(0)])
        #expect(listed.entries.allSatisfy { $0.outputs.isEmpty && $0.provenance?.executionID == "exec-1" })
        #expect(listed.nextPageToken.isEmpty)
        let withOutputs = try await catalog.list(ListEntriesRequest(withOutputs: true))
        #expect(withOutputs.entries.map { $0.outputs["y"] } == [.int(4), .int(2), .int(0)])
    }

    @Test("pages follow one another through every entry once", arguments: StoreKind.allCases)
    func paging(store: StoreKind) async throws {
        let catalog = try await populated(store, 25)
        // Equal creation times still page cleanly: the digest breaks the tie.
        try await catalog.put((100..<110).map { Samples.entry($0, createdAt: Timestamp(seconds: 1_600_000_000)) })
        var seen: [CacheKey] = []
        var token = ""
        repeat {
            let page = try await catalog.list(ListEntriesRequest(limit: 7, pageToken: token))
            #expect(page.entries.count <= 7)
            seen += page.entries.compactMap(\.key)
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen.count == 35)
        #expect(Set(seen).count == 35)
        #expect(Array(seen.prefix(25)) == (0..<25).reversed().map { Samples.key($0) })
    }

    @Test("a listing is 100 entries unless asked, and never more than 1,000", arguments: StoreKind.allCases)
    func listingLimits(store: StoreKind) async throws {
        let catalog = try await populated(store, 1_005)
        #expect(try await catalog.list().entries.count == 100)
        let most = try await catalog.list(ListEntriesRequest(limit: 5_000))
        #expect(most.entries.count == 1_000)
        #expect(try await catalog.list(ListEntriesRequest(limit: 5_000, pageToken: most.nextPageToken)).entries.count == 5)
    }

    @Test("a listing filters by task, cache version and age", arguments: StoreKind.allCases)
    func filters(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let old = Timestamp(seconds: Timestamp.now().seconds - 7_200)
        try await catalog.put([
            Samples.entry(1, task: "double", version: "1", createdAt: old),
            Samples.entry(2, task: "double", version: "2"),
            Samples.entry(3, task: "square", version: "1"),
        ])
        #expect(try await catalog.list(ListEntriesRequest(taskName: "double")).entries.map(\.key)
            == [Samples.key(2, version: "2"), Samples.key(1)])
        #expect(try await catalog.list(ListEntriesRequest(taskName: "double", cacheVersion: "1")).entries.map(\.key)
            == [Samples.key(1)])
        #expect(try await catalog.list(ListEntriesRequest(maxAge: .seconds(3_600))).entries.count == 2)
        #expect(try await catalog.list(ListEntriesRequest(taskName: "cube")).entries.isEmpty)
    }

    @Test("a page token the listing never issued, or a negative age, is refused", arguments: StoreKind.allCases)
    func badListingRequests(store: StoreKind) async throws {
        let catalog = try await populated(store, 2)
        let token = await refusal { try await catalog.list(ListEntriesRequest(pageToken: "page-2")) }
        #expect(token?.code == .invalidArgument)
        #expect(refusedField(token) == "page_token")
        let age = await refusal { try await catalog.list(ListEntriesRequest(maxAge: .seconds(-1))) }
        #expect(refusedField(age) == "max_age")
    }

    @Test("an entry is found by its digest, or by a prefix with or without sha256: in either case", arguments: StoreKind.allCases)
    func getByDigestOrPrefix(store: StoreKind) async throws {
        let catalog = try await populated(store, 3)
        let digest = CacheKeys.digest(of: Samples.key(1))
        let short = CacheKeys.shortDigest(digest)
        for asked in [digest, short, "sha256:" + short, short.uppercased(), " \(short) "] {
            let entry = try await catalog.entry(asked)
            #expect(entry?.key == Samples.key(1), "\(asked)")
            #expect(entry?.outputs == ["y": .int(2)])
        }
    }

    @Test("a prefix several digests share is refused saying how many; one none has is NOT_FOUND naming it", arguments: StoreKind.allCases)
    func ambiguousAndUnknownPrefixes(store: StoreKind) async throws {
        // Forty entries: some first hex digit is shared by at least three of them.
        let catalog = try await populated(store, 40)
        let firstDigits = (0..<40).map { CacheKeys.shortDigest(CacheKeys.digest(of: Samples.key($0))).prefix(1) }
        let shared = try #require(Dictionary(grouping: firstDigits, by: { $0 }).max { $0.value.count < $1.value.count })
        let ambiguous = await refusal { try await catalog.entry(String(shared.key)) }
        #expect(ambiguous?.code == .invalidArgument)
        #expect(ambiguous?.message.contains("\(shared.value.count) cache entries") == true)

        let missing = String(repeating: "0", count: 20)
        let unknown = await refusal { try await catalog.entry(missing) }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message.contains(missing) == true)
        for malformed in ["", "sha256:", "not-hex", String(repeating: "a", count: 65)] {
            #expect(refusedField(await refusal { try await catalog.entry(malformed) }) == "digest", "\(malformed)")
        }
    }

    @Test("eviction by digest prefix removes that entry only; an unknown one is NOT_FOUND", arguments: StoreKind.allCases)
    func evictByDigest(store: StoreKind) async throws {
        let catalog = try await populated(store, 3)
        let short = CacheKeys.shortDigest(CacheKeys.digest(of: Samples.key(1)))
        #expect(try await catalog.evict(.digest(short)) == 1)
        #expect(try await catalog.lookup((0..<3).map { Samples.key($0) }).map { $0.entry != nil } == [true, false, true])
        #expect(await refusal { try await catalog.evict(.digest(short)) }?.code == .notFound)
    }

    @Test("eviction by task removes its entries, of one cache version when given", arguments: StoreKind.allCases)
    func evictByTask(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([
            Samples.entry(1, version: "1"), Samples.entry(2, version: "1"), Samples.entry(1, version: "2"),
            Samples.entry(1, task: "square"),
        ])
        #expect(try await catalog.evict(.task(TaskCacheVersion(taskName: "double", cacheVersion: "1"))) == 2)
        #expect(try await catalog.stats().entries == 2)
        #expect(try await catalog.evict(.task(TaskCacheVersion(taskName: "double"))) == 1)
        #expect(try await catalog.list().entries.map(\.key) == [Samples.key(1, task: "square")])
    }

    @Test("eviction by execution removes what that execution produced", arguments: StoreKind.allCases)
    func evictByExecution(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([
            Samples.entry(1, execution: "exec-a"), Samples.entry(2, execution: "exec-b"), Samples.entry(3, execution: "exec-a"),
        ])
        #expect(try await catalog.evict(.executionID("exec-a")) == 2)
        #expect(try await catalog.list().entries.map(\.key) == [Samples.key(2)])
        #expect(try await catalog.evict(.executionID("exec-zz")) == 0)
    }

    @Test("everything goes only when everything is true", arguments: StoreKind.allCases)
    func evictEverything(store: StoreKind) async throws {
        let catalog = try await populated(store, 4)
        let refused = await refusal { try await catalog.evict(.everything(false)) }
        #expect(refused?.code == .invalidArgument)
        #expect(refusedField(refused) == "everything")
        #expect(try await catalog.stats().entries == 4)
        #expect(try await catalog.evict(.everything(true)) == 4)
        #expect(try await catalog.stats().entries == 0)
    }

    @Test("an eviction naming an empty task or execution is refused naming the field", arguments: StoreKind.allCases)
    func emptySelectorsRefused(store: StoreKind) async throws {
        let catalog = try await populated(store, 1)
        #expect(refusedField(await refusal { try await catalog.evict(.task(TaskCacheVersion(cacheVersion: "1"))) })
            == "task.task_name")
        #expect(refusedField(await refusal { try await catalog.evict(.executionID("")) }) == "execution_id")
        #expect(try await catalog.stats().entries == 1)
    }

    @Test("an eviction that selects nothing is refused by the wire, naming the missing selector", arguments: StoreKind.allCases)
    func evictWithoutSelector(store: StoreKind) async throws {
        let catalog = try await populated(store, 1)
        let host = ServiceHost(service: catalog.service, authenticator: .off, logger: Logger(label: "sluice.catalog.test"))
        // CatalogRequest field 305 (evict), length-delimited, holding an empty EvictRequest.
        let replyBytes = await host.respond(to: [0x8A, 0x13, 0x00])
        let reply = try CatalogResponse(serializedBytes: replyBytes)
        guard case .error(let error)? = reply.reply else {
            Issue.record("evict without a selector was answered with \(String(describing: reply.reply))")
            return
        }
        #expect(error.message.contains("EvictRequest.selector"))
        #expect(try await catalog.stats().entries == 1)
    }
}
