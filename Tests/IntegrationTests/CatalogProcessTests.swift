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
        let client = try CatalogClient(address: catalog.address)
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

    @Test func aDatabaseThatCannotBeOpenedIsOneLineAndAFailedExit() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-file-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let outcome = try await runProcess(
            BuiltProducts.executable("sluice-catalog").path,
            ["--listen", "tcp://127.0.0.1:0", "--database", blocker.appendingPathComponent("catalog.sqlite").path])
        #expect(outcome.status != 0)
        let lines = outcome.errorText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cannot open the catalog database at \(blocker.path)/catalog.sqlite") == true)
    }
}
