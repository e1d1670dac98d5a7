import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// The real sluice-catalog executable, over TCP.
@Suite struct CatalogProcessTests {
    @Test func putThenLookupOverTheWire() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The database's directory does not exist yet: the catalog makes it.
        let catalog = try await ServiceProcess(
            "catalog", arguments: ["--database", directory.appendingPathComponent("db/catalog.sqlite").path])
        defer { Task { await catalog.stop() } }
        let client = try CatalogClient(address: catalog.address, token: TestPrincipals.serviceToken)
        let key = CacheKey(taskName: "greet", cacheVersion: "1", interfaceHash: "sha256:iface", inputHash: "sha256:inputs")
        let entry = CacheEntry(
            key: key, outputs: ["greeting": .string("hello Ada")],
            provenance: CacheProvenance(executionID: "exec-1", nodeID: "hello", attempt: 1))

        let put = try await client.call(.put(PutRequest(entries: [entry])), timeout: .seconds(10)) {
            if case .put(let reply) = $0 { reply } else { nil }
        }
        #expect(put.stored == 1)
        let other = CacheKey(taskName: "greet", cacheVersion: "1", interfaceHash: "sha256:iface", inputHash: "sha256:other")
        let lookup = try await client.call(.lookup(LookupRequest(keys: [key, other])), timeout: .seconds(10)) {
            if case .lookup(let reply) = $0 { reply } else { nil }
        }
        #expect(lookup.results.map(\.key) == [key, other])
        #expect(lookup.results.first?.entry?.outputs == ["greeting": .string("hello Ada")])
        #expect(lookup.results.first?.entry?.provenance?.nodeID == "hello")
        #expect(lookup.results.last?.entry == nil)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("db/catalog.sqlite").path))
        await client.close()
    }

    @Test func hitsCountedJustBeforeAGracefulStopSurviveTheRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = ["--database", directory.appendingPathComponent("catalog.sqlite").path]
        let key = CacheKey(taskName: "greet", cacheVersion: "1", interfaceHash: "sha256:iface", inputHash: "sha256:inputs")

        let first = try await ServiceProcess("catalog", arguments: database)
        let client = try CatalogClient(address: first.address, token: TestPrincipals.serviceToken)
        _ = try await client.call(.put(PutRequest(entries: [CacheEntry(key: key, outputs: ["n": .int(1)])])), timeout: .seconds(10))
        for _ in 0..<3 { _ = try await client.call(.lookup(LookupRequest(keys: [key])), timeout: .seconds(10)) }
        await client.close()
        first.signal(SIGTERM)
        #expect(await first.waitForExit(within: .seconds(10)) == 0, "\(first.log)")

        let second = try await ServiceProcess("catalog", arguments: database)
        defer { Task { await second.stop() } }
        let restarted = try CatalogClient(address: second.address, token: TestPrincipals.serviceToken)
        let stats = try await restarted.call(.stats(CatalogStatsRequest()), timeout: .seconds(10)) {
            if case .stats(let reply) = $0 { reply } else { nil }
        }
        #expect(stats == CatalogStatsResponse(entries: 1, hits: 3, misses: 0, puts: 1, activeReservations: 0))
        await restarted.close()
    }

    @Test func aDatabaseThatCannotBeOpenedIsOneLineAndAFailedExit() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-file-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let outcome = try await runProcess(
            BuiltProducts.executable("sluice-catalog").path,
            ["--listen", "tcp://127.0.0.1:0", "--database", blocker.appendingPathComponent("catalog.sqlite").path],
            environment: ServiceProcess.environment)
        #expect(outcome.status != 0)
        let lines = outcome.errorText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cannot open the catalog database at \(blocker.path)/catalog.sqlite") == true)
    }
}
