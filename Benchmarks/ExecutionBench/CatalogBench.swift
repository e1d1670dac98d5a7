import ArgumentParser
import BenchSupport
import Foundation
import SluiceCore
import SluiceRPC
import SluiceWire

/// `sluice-bench catalog`: the latency of one cache lookup as the scheduler makes it before a
/// cacheable task, on the release sluice-catalog with a durable SQLite database already
/// holding `--entries` entries.
struct CatalogLookupBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Measures single-key catalog lookups (hits) against a populated catalog.")

    @Option(help: "Directory holding the release build of sluice-catalog.")
    var bin: String

    @Option(help: "Entries stored before measuring.")
    var entries = 10_000

    @Option(help: "Sequential single-key lookups measured, each of a random stored key.")
    var lookups = 2_000

    /// Entries go in with puts of this many, as a map node's results would.
    private static let putBatch = 500

    func run() async throws {
        guard entries > 0, lookups > 0 else { throw ValidationError("--entries and --lookups must be positive") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = try await BenchService.start(
            "\(bin)/sluice-catalog",
            ["--listen", "tcp://127.0.0.1:0", "--database", directory.appendingPathComponent("catalog.sqlite").path,
             "--log-level", "warning"],
            log: directory.appendingPathComponent("catalog.log"))
        defer { catalog.stop() }
        let client = try CatalogClient(address: catalog.address)
        let keys = (0..<entries).map(Self.key)
        for start in stride(from: 0, to: entries, by: Self.putBatch) {
            let batch = keys[start..<min(start + Self.putBatch, entries)].map { key in
                CacheEntry(key: key, outputs: ["y": .int(Int64(key.inputHash.count))],
                           provenance: CacheProvenance(executionID: "bench", nodeID: "n", attempt: 1))
            }
            _ = try await client.call(.put(PutRequest(entries: batch)), timeout: .seconds(60))
        }
        print("Sluice catalog lookup benchmark: \(lookups) sequential single-key lookups of \(entries) entries; SQLite in \(directory.path)")
        // Each lookup follows a health call, the round trip with no database in it: measured
        // side by side, through the same moments of a busy machine, the two say how much of a
        // lookup is the catalog's own.
        var floor: [Double] = []
        var samples: [Double] = []
        for _ in 0..<lookups {
            floor.append(try await milliseconds { _ = try await client.health(timeout: .seconds(10)) })
            let key = keys[Int.random(in: 0..<entries)]
            samples.append(try await milliseconds {
                guard case .lookup(let reply) = try await client.call(.lookup(LookupRequest(keys: [key])), timeout: .seconds(10)),
                      reply.results.first?.entry != nil else {
                    throw BenchFailure("a stored key was not found")
                }
            })
        }
        await client.close()
        let p50 = median(samples)
        let p99 = percentile(99, of: samples)
        print(String(format: "health round trips between them (no database): median %.3f ms, p99 %.3f ms", median(floor), percentile(99, of: floor)))
        print(String(format: "catalog lookup: median %.3f ms, p99 %.3f ms (max %.3f ms); target p99 ≤ 1 ms", p50, p99, samples.max() ?? 0))
        print(String(format: "BENCH catalog_lookup_p50_ms %.3f", p50))
        print(String(format: "BENCH catalog_lookup_p99_ms %.3f", p99))
    }

    /// How long `body` took, in milliseconds.
    private func milliseconds(_ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// The key of a task run on input `n`, hashed as the scheduler hashes them.
    private static func key(_ n: Int) -> CacheKey {
        CacheKey(
            taskName: "bench.double", cacheVersion: "1", interfaceHash: "sha256:bench-interface",
            inputHash: (try? CacheKeys.inputHash(["x": .int(Int64(n))])) ?? "sha256:\(n)")
    }

    /// The nearest-rank percentile.
    private func percentile(_ rank: Double, of values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let index = Int((rank / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(index, 0), sorted.count - 1)]
    }
}
