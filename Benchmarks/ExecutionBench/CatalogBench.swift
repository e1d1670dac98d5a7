import ArgumentParser
import BenchSupport
import Foundation
import SluiceCore
import SluiceRPC
import SluiceWire

/// `sluice-bench catalog`: the latency of one cache lookup as the scheduler makes it before a
/// cacheable task, on the release sluice-catalog with a durable SQLite database already
/// holding `--entries` entries. Each run starts a catalog of its own; the figures are the
/// medians of the runs' own, as every other figure of the benchmarks is.
struct CatalogLookupBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Measures single-key catalog lookups (hits) against a populated catalog.")

    @Option(help: "Directory holding the release build of sluice-catalog.")
    var bin: String

    @Option(help: "Entries stored before measuring.")
    var entries = 10_000

    @Option(help: "Sequential single-key lookups measured in each run, each of a random stored key.")
    var lookups = 2_000

    @Option(help: "Runs, each against a catalog process and database of its own.")
    var runs = 5

    @Option(help: "The plain-C nng echo (Benchmarks/nng-baseline/nng_echo.c, built): measures this machine's floor beside each run.")
    var cBaseline: String?

    func run() async throws {
        guard entries > 0, lookups > 0, runs > 0 else { throw ValidationError("--entries, --lookups and --runs must be positive") }
        print("Sluice catalog lookup benchmark: \(runs) runs of \(lookups) sequential single-key lookups of \(entries) entries, each run on a catalog and SQLite database of its own")
        var measured: [CatalogLookupRun.Figures] = []
        for number in 1...runs {
            let steal = HostSteal()
            let figures = try await CatalogLookupRun(bin: bin, entries: entries, lookups: lookups, cBaseline: cBaseline).measure()
            var line = String(format: "  run %d: lookup median %.3f ms, p99 %.3f ms (max %.3f ms); health median %.3f ms, p99 %.3f ms",
                              number, figures.lookup.p50, figures.lookup.p99, figures.lookupMax, figures.health.p50, figures.health.p99)
            if let plain = figures.plain {
                line += String(format: "; plain C nng median %.3f ms, p99 %.3f ms", plain.p50, plain.p99)
            }
            let stolen = steal.text()
            print(line + (stolen.isEmpty ? "" : "; \(stolen)"))
            measured.append(figures)
        }
        let p50 = median(measured.map(\.lookup.p50))
        let p99s = measured.map(\.lookup.p99).sorted()
        let p99 = median(p99s)
        print(String(format: "health round trips between them (no database): median %.3f ms, p99 %.3f ms",
                     median(measured.map(\.health.p50)), median(measured.map(\.health.p99))))
        let plain = measured.compactMap(\.plain)
        if !plain.isEmpty {
            print(String(format: "plain C nng round trips of a lookup's sizes after each run (this machine's floor): median %.3f ms, p99 %.3f ms",
                         median(plain.map(\.p50)), median(plain.map(\.p99))))
        }
        print(String(format: "catalog lookup: median %.3f ms, p99 %.3f ms (runs' p99 from %.3f to %.3f ms); target p99 ≤ 1 ms",
                     p50, p99, p99s.first ?? 0, p99s.last ?? 0))
        print(String(format: "BENCH catalog_lookup_p50_ms %.3f", p50))
        print(String(format: "BENCH catalog_lookup_p99_ms %.3f", p99))
        if !plain.isEmpty {
            print(String(format: "BENCH catalog_plain_nng_p50_ms %.3f", median(plain.map(\.p50))))
            print(String(format: "BENCH catalog_plain_nng_p99_ms %.3f", median(plain.map(\.p99))))
        }
    }
}
