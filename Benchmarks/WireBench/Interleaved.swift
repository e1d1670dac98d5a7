import BenchSupport
import Foundation
import SluiceRPC

/// Sluice and plain nng measured in alternating blocks against servers that are both up, so that
/// a slow spell of the machine lands on both halves of a block pair.
enum Interleaved {
    static let blocks = 10
    static let blockCalls = 500

    struct Latency {
        var swift: [Double] = []
        var plain: [Double] = []
        /// Sluice's block p50 over plain nng's, per block pair.
        var ratios: [Double] = []
    }

    struct Rates {
        var swift: [Double] = []
        var plain: [Double] = []
        var ratios: [Double] = []
    }

    static func latency(swift: String, plain: String, cBaseline: String, requestBytes: Int) async throws -> Latency {
        let client = try AdminClient(address: swift, token: BenchCredentials.token)
        defer { Task { await client.close() } }
        for _ in 0..<500 { _ = try await client.health(timeout: .seconds(10)) }
        var result = Latency()
        let clock = ContinuousClock()
        for _ in 0..<blocks {
            var swiftBlock: [Double] = []
            for _ in 0..<blockCalls {
                let start = clock.now
                _ = try await client.health(timeout: .seconds(10))
                swiftBlock.append((clock.now - start).microseconds)
            }
            // The C client warms up on its first 100 calls, which are dropped.
            let lines = try await output(of: cBaseline, ["client", plain, String(requestBytes), String(100 + blockCalls)])
            let plainBlock = lines.split(separator: "\n").dropFirst(100).compactMap { Double($0) }
            result.swift += swiftBlock
            result.plain += plainBlock
            result.ratios.append(Samples(swiftBlock).median / Samples(plainBlock).median)
        }
        return result
    }

    static func rates(swift: String, plain: String, cBaseline: String, requestBytes: Int) async throws -> Rates {
        var result = Rates()
        for _ in 0..<4 {
            let swiftRate = try await RoundTrips.throughput(swift, inFlight: 8, duration: .seconds(1))
            let line = try await output(of: cBaseline, ["rate", plain, String(requestBytes), "8", "1"])
            let plainRate = Double(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
            result.swift.append(swiftRate)
            result.plain.append(plainRate)
            result.ratios.append(swiftRate / plainRate)
        }
        return result
    }
}
