import BenchSupport
import Foundation
import SluiceCore
import SluiceRPC
import SluiceWire

/// One run of `sluice-bench catalog`: a catalog started on a new database, filled with
/// `entries` entries, then `lookups` lookups of random stored keys, one at a time. With the
/// plain-C nng echo, then as many round trips of a lookup's sizes through it: what this machine
/// allows any nng round trip at that moment, with no Swift and no database.
struct CatalogLookupRun {
    /// Milliseconds.
    struct Percentiles {
        var p50: Double
        var p99: Double

        init(_ samples: [Double]) {
            p50 = median(samples)
            p99 = Samples(samples).percentile(0.99)
        }
    }

    struct Figures {
        var lookup: Percentiles
        /// Milliseconds.
        var lookupMax: Double
        var health: Percentiles
        var plain: Percentiles?
    }

    let bin: String
    let entries: Int
    let lookups: Int
    /// The plain-C nng echo (`Benchmarks/nng-baseline`), when the floor is measured.
    let cBaseline: String?

    /// Entries go in with puts of this many, as a map node's results would.
    private static let putBatch = 500

    func measure() async throws -> Figures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = try await BenchService.start(
            "\(bin)/sluice-catalog",
            ["--listen", "tcp://127.0.0.1:0", "--database", directory.appendingPathComponent("catalog.sqlite").path,
             "--log-level", "warning"],
            log: directory.appendingPathComponent("catalog.log"))
        let figures: (times: Figures, sizes: (request: Int, reply: Int)?)
        do {
            figures = try await lookUp(at: catalog.address)
        } catch {
            catalog.stop()
            throw error
        }
        catalog.stop()
        // Kept when the run fails, for the catalog's log.
        try? FileManager.default.removeItem(at: directory)
        guard let cBaseline, let sizes = figures.sizes else { return figures.times }
        var times = figures.times
        times.plain = try await plainRoundTrips(cBaseline, sizes)
        return times
    }

    /// Round trips of a lookup's request and reply sizes between two processes of plain C over
    /// the same libnng; the C client's first 100 warm it up and are dropped.
    private func plainRoundTrips(_ cBaseline: String, _ sizes: (request: Int, reply: Int)) async throws -> Percentiles {
        let echo = try await BenchService.start(cBaseline, ["serve", "tcp://127.0.0.1:0", String(sizes.reply)])
        defer { echo.stop() }
        let lines = try await output(of: cBaseline, ["client", echo.address, String(sizes.request), String(100 + lookups)])
        let milliseconds = lines.split(separator: "\n").dropFirst(100).compactMap { Double($0) }.map { $0 / 1000 }
        guard milliseconds.count == lookups else { throw BenchFailure("the plain-C nng client printed \(milliseconds.count) round trips, not \(lookups)") }
        return Percentiles(milliseconds)
    }

    /// The figures, and the sizes on the wire of the last lookup's request and reply.
    private func lookUp(at address: String) async throws -> (times: Figures, sizes: (request: Int, reply: Int)?) {
        let client = try CatalogClient(address: address, token: BenchCredentials.token)
        let keys = (0..<entries).map(Self.key)
        for start in stride(from: 0, to: entries, by: Self.putBatch) {
            let batch = keys[start..<min(start + Self.putBatch, entries)].map { key in
                CacheEntry(key: key, outputs: ["y": .int(Int64(key.inputHash.count))],
                           provenance: CacheProvenance(executionID: "bench", nodeID: "n", attempt: 1))
            }
            _ = try await client.call(.put(PutRequest(entries: batch)), timeout: .seconds(60))
        }
        // Each lookup follows a health call, the round trip with no database in it: measured
        // side by side, through the same moments of a busy machine, the two say how much of a
        // lookup is the catalog's own.
        var floor: [Double] = []
        var samples: [Double] = []
        var last: (request: LookupRequest, reply: LookupResponse)?
        for _ in 0..<lookups {
            floor.append(try await milliseconds { _ = try await client.health(timeout: .seconds(10)) })
            let request = LookupRequest(keys: [keys[Int.random(in: 0..<entries)]])
            samples.append(try await milliseconds {
                guard case .lookup(let reply) = try await client.call(.lookup(request), timeout: .seconds(10)),
                      reply.results.first?.entry != nil else {
                    throw BenchFailure("a stored key was not found")
                }
                last = (request, reply)
            })
        }
        await client.close()
        let times = Figures(lookup: Percentiles(samples), lookupMax: samples.max() ?? 0, health: Percentiles(floor))
        return (times, try last.map(Self.wireSizes))
    }

    /// The sizes of a lookup's request and reply as the client and the catalog send them.
    private static func wireSizes(_ lookup: (request: LookupRequest, reply: LookupResponse)) throws -> (request: Int, reply: Int) {
        let id = UUID().uuidString
        let request = CatalogRequest(
            header: RequestHeader(protocolVersion: WireProtocol.version, requestID: id), call: .lookup(lookup.request))
        let reply = CatalogResponse(
            header: ResponseHeader(protocolVersion: WireProtocol.version, requestID: id, service: "catalog"),
            reply: .lookup(lookup.reply))
        return (try request.serializedBytes().count, try reply.serializedBytes().count)
    }

    /// How long `body` took, in milliseconds.
    private func milliseconds(_ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return (clock.now - start).microseconds / 1000
    }

    /// The key of a task run on input `n`, hashed as the scheduler hashes them.
    private static func key(_ n: Int) -> CacheKey {
        CacheKey(
            taskName: "bench.double", cacheVersion: "1", interfaceHash: "sha256:bench-interface",
            inputHash: (try? CacheKeys.inputHash(["x": .int(Int64(n))])) ?? "sha256:\(n)")
    }
}
