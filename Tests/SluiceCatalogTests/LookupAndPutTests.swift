import SluiceCatalog
import SluiceCore
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Lookup and put", .loadsTheMachine)
struct LookupAndPutTests {
    @Test("a put entry is found again with its outputs and provenance, named by its key's digest", arguments: StoreKind.allCases)
    func putThenLookUp(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        var sent = Samples.entry(3)
        sent.digest = "sha256:made-up-by-the-caller"
        let put = try await catalog.put([sent])
        #expect(put.stored == 1 && put.kept == 0)

        let results = try await catalog.lookup([Samples.key(3)])
        #expect(results.first?.key == Samples.key(3))
        let entry = try #require(results.first?.entry)
        #expect(entry.digest == CacheKeys.digest(of: Samples.key(3)))
        // The result names the key once: the entry leaves its copy out.
        #expect(entry.key == nil)
        #expect(entry.outputs == ["y": .int(6)])
        #expect(entry.provenance == sent.provenance)
        #expect(entry.createdAt != nil)
    }

    @Test("results come in the order of the keys, misses without an entry", arguments: StoreKind.allCases)
    func resultsInKeyOrder(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1), Samples.entry(3)])
        let keys = [Samples.key(3), Samples.key(2), Samples.key(1), Samples.key(9)]
        let results = try await catalog.lookup(keys)
        #expect(results.map(\.key) == keys)
        #expect(results.map { $0.entry?.outputs["y"] } == [.int(6), nil, .int(2), nil])
    }

    @Test("a map node's thousands of keys are answered in one lookup", arguments: StoreKind.allCases)
    func manyKeysAtOnce(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put((0..<1_000).map { Samples.entry($0) })
        let keys = (0..<3_000).map { Samples.key($0 % 2_000) }
        let results = try await catalog.lookup(keys)
        #expect(results.count == 3_000)
        #expect(results.map { $0.entry != nil } == keys.indices.map { $0 % 2_000 < 1_000 })
        let stats = try await catalog.stats()
        #expect(stats.hits == 2_000 && stats.misses == 1_000)
    }

    @Test("each hit counts on the entry and on the hit counter; each miss on the miss counter", arguments: StoreKind.allCases)
    func hitsAndMissesCount(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1)])
        let first = try #require(try await catalog.lookup([Samples.key(1)]).first?.entry)
        let second = try #require(try await catalog.lookup([Samples.key(1), Samples.key(2)]).first?.entry)
        #expect(first.hits == 1 && second.hits == 2)
        #expect(try #require(second.lastHitAt) >= (try #require(first.lastHitAt)))
        #expect(try await catalog.entry(second.digest)?.hits == 2)
        let stats = try await catalog.stats()
        #expect(stats.hits == 2 && stats.misses == 1 && stats.puts == 1)
    }

    @Test("a key asked twice in one lookup is hit twice, each result showing the hits so far", arguments: StoreKind.allCases)
    func keyAskedTwice(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1)])
        let results = try await catalog.lookup([Samples.key(1), Samples.key(2), Samples.key(1)])
        #expect(results.map { $0.entry?.hits } == [1, nil, 2])
        #expect(try await catalog.entry(CacheKeys.digest(of: Samples.key(1)))?.hits == 2)
        let stats = try await catalog.stats()
        #expect((stats.hits, stats.misses) == (2, 1))
    }

    @Test("an entry already stored is kept unless the put overwrites it", arguments: StoreKind.allCases)
    func keptUnlessOverwritten(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put([Samples.entry(1)])
        _ = try await catalog.lookup([Samples.key(1)])
        var replacement = Samples.entry(1, execution: "exec-2")
        replacement.outputs = ["y": .int(-1)]

        let kept = try await catalog.put([replacement, Samples.entry(2)])
        #expect(kept.stored == 1 && kept.kept == 1)
        #expect(try await catalog.lookup([Samples.key(1)]).first?.entry?.outputs == ["y": .int(2)])

        let overwritten = try await catalog.put([replacement], overwrite: true)
        #expect(overwritten.stored == 1 && overwritten.kept == 0)
        let entry = try #require(try await catalog.entry(CacheKeys.digest(of: Samples.key(1))))
        #expect(entry.outputs == ["y": .int(-1)])
        #expect(entry.provenance?.executionID == "exec-2")
        #expect(entry.hits == 0)
        #expect(try await catalog.stats().puts == 3)
        let hit = try #require(try await catalog.lookup([Samples.key(1)]).first?.entry)
        #expect(hit.outputs == ["y": .int(-1)] && hit.hits == 1)
    }

    @Test("lookups side by side count every hit once, on the entries and on the counter", arguments: StoreKind.allCases)
    func concurrentLookupsCountEveryHit(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        try await catalog.put((0..<10).map { Samples.entry($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<300 {
                group.addTask {
                    // Every tenth asks for a key never put as well, which takes the long way.
                    let keys = n % 10 == 0 ? [Samples.key(n % 10), Samples.key(1_000 + n)] : [Samples.key(n % 10)]
                    _ = try await catalog.lookup(keys)
                }
            }
            try await group.waitForAll()
        }
        let stats = try await catalog.stats()
        #expect(stats.hits == 300 && stats.misses == 30)
        let entries = try await catalog.list().entries
        #expect(entries.map(\.hits).reduce(0, +) == 300)
        #expect(entries.allSatisfy { $0.hits == 30 })
    }

    @Test("an entry keeps the creation time it was put with, and gets the current one otherwise", arguments: StoreKind.allCases)
    func creationTime(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let before = Timestamp.now()
        try await catalog.put([Samples.entry(1, createdAt: Timestamp(seconds: 1_600_000_000, nanos: 5)), Samples.entry(2)])
        let results = try await catalog.lookup([Samples.key(1), Samples.key(2)])
        #expect(results[0].entry?.createdAt == Timestamp(seconds: 1_600_000_000, nanos: 5))
        #expect(try #require(results[1].entry?.createdAt) >= before)
    }

    @Test(
        "a key without a task name, interface hash or input hash is refused naming the field",
        arguments: StoreKind.allCases, [
            ("task_name", CacheKey(taskName: "", cacheVersion: "1", interfaceHash: "sha256:i", inputHash: "sha256:x")),
            ("interface_hash", CacheKey(taskName: "t", cacheVersion: "1", interfaceHash: "", inputHash: "sha256:x")),
            ("input_hash", CacheKey(taskName: "t", cacheVersion: "1", interfaceHash: "sha256:i", inputHash: "")),
        ])
    func incompleteKeysRefused(store: StoreKind, refused: (part: String, key: CacheKey)) async throws {
        let (part, key) = refused
        let catalog = try await CatalogFixture(store)
        let lookup = await refusal { try await catalog.lookup([Samples.key(1), key]) }
        #expect(lookup?.code == .invalidArgument)
        #expect(refusedField(lookup) == "keys[1].\(part)")
        let put = await refusal { try await catalog.put([CacheEntry(key: key)]) }
        #expect(put?.code == .invalidArgument)
        #expect(refusedField(put) == "entries[0].key.\(part)")
        #expect(try await catalog.stats() == CatalogStatsResponse())
    }

    @Test("a lookup of more than 10,000 keys or a key part over 256 bytes is refused, naming the field and the limit", arguments: StoreKind.allCases)
    func oversizedLookupsRefused(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let many = Array(repeating: Samples.key(1), count: 200_000)
        let lookup = await refusal { try await catalog.lookup(many) }
        #expect(lookup?.code == .invalidArgument)
        #expect(refusedField(lookup) == "keys")
        #expect(lookup?.message == "lookup: keys holds 200000 entries; at most 10000 are allowed")
        let put = await refusal { try await catalog.put(Array(repeating: Samples.entry(1), count: 10_001)) }
        #expect(refusedField(put) == "entries")
        let longName = await refusal { try await catalog.lookup([Samples.key(1, task: String(repeating: "t", count: 300))]) }
        #expect(refusedField(longName) == "keys[0].task_name")
    }

    @Test("a put entry without a key is refused; one without a cache version is stored", arguments: StoreKind.allCases)
    func missingKeyAndEmptyVersion(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        let missing = await refusal { try await catalog.put([Samples.entry(1), CacheEntry(outputs: ["y": .int(1)])]) }
        #expect(missing?.code == .invalidArgument)
        #expect(refusedField(missing) == "entries[1].key")
        #expect(try await catalog.put([Samples.entry(1, version: "")]).stored == 1)
        #expect(try await catalog.lookup([Samples.key(1, version: "")]).first?.entry != nil)
    }

    @Test("outputs protobuf cannot carry are refused, not stored", arguments: StoreKind.allCases)
    func unstorableOutputs(store: StoreKind) async throws {
        let catalog = try await CatalogFixture(store)
        var entry = Samples.entry(1)
        entry.outputs = ["y": .string("nul \u{0} inside")]
        #expect(await refusal { try await catalog.put([entry]) }?.code == .invalidArgument)
        #expect(try await catalog.lookup([Samples.key(1)]).first?.entry == nil)
    }
}
