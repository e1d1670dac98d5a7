import Foundation
import SluiceRPC

/// `make bench-wire`: the wire and transport, measured.
///
///   sluice-wire-bench --admin PATH --c-baseline PATH [--runs N]
///
/// Round trips go from this process to the release `sluice-admin` executable in another process;
/// the baseline is the same exchange in plain C against the same libnng (nng_echo). Figures are
/// medians over the runs; each is printed for people and as a `BENCH <id> <value>` line.
@main
enum WireBench {
    static let callsPerRun = 5_000

    static func main() async throws {
        // `--rate ADDRESS`: only the 8-in-flight rate against a running server, for profiling.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count == 2, arguments[0] == "--rate" {
            let rate = try await RoundTrips.throughput(arguments[1], inFlight: 8, duration: .seconds(3))
            print(format(rate, 0))
            return
        }
        // `--codec`: only encode and decode, in a loop, for profiling.
        if arguments == ["--codec"] {
            print("encode \(format(try CodecTiming.encode(runs: 15, iterations: 1000))) µs, decode \(format(try CodecTiming.decode(runs: 15, iterations: 1000))) µs")
            return
        }
        let options = try Options(CommandLine.arguments.dropFirst())
        let sizes = try RoundTrips.messageSizes()
        print("Sluice wire benchmark: release build, client and server in separate processes, medians of \(options.runs) runs")
        print("health request \(sizes.request) B, reply \(sizes.reply) B on the wire; \(callsPerRun) sequential calls per run\n")

        var swift: [String: (p50: [Double], p99: [Double])] = [:]
        var rates: [Double] = []
        var plain: [String: (p50: [Double], p99: [Double])] = [:]
        var plainRates: [Double] = []
        for run in 1...options.runs {
            for transport in ["ipc", "tcp"] {
                let server = try BenchProcess(options.admin, ["--listen", address(transport, run), "--log-level", "warning"])
                let samples = try await RoundTrips.sequential(server.address, count: callsPerRun)
                swift[transport, default: ([], [])].p50.append(samples.median)
                swift[transport, default: ([], [])].p99.append(samples.percentile(0.99))
                if transport == "tcp" {
                    rates.append(try await RoundTrips.throughput(server.address, inFlight: 8, duration: .seconds(2)))
                }
                server.stop()

                let echo = try BenchProcess(options.cBaseline, ["serve", address(transport, run, tag: "c"), String(sizes.reply)])
                let lines = try output(of: options.cBaseline, ["client", echo.address, String(sizes.request), String(500 + callsPerRun)])
                if transport == "tcp" {
                    let rate = try output(of: options.cBaseline, ["rate", echo.address, String(sizes.request), "8", "2"])
                    plainRates.append(Double(rate.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan)
                }
                echo.stop()
                let times = Samples(lines.split(separator: "\n").dropFirst(500).compactMap { Double($0) })
                plain[transport, default: ([], [])].p50.append(times.median)
                plain[transport, default: ([], [])].p99.append(times.percentile(0.99))
            }
            print("run \(run): tcp p50 swift \(format(swift["tcp"]!.p50.last!)) µs, c \(format(plain["tcp"]!.p50.last!)) µs; 8 in flight swift \(format(rates.last!, 0)), c \(format(plainRates.last!, 0)) calls/s")
        }

        let encode = try CodecTiming.encode()
        let decode = try CodecTiming.decode()
        let figures = Figures(swift: swift, plain: plain, rates: rates, plainRates: plainRates, encode: encode, decode: decode)
        figures.report()
    }

    static func address(_ transport: String, _ run: Int, tag: String = "swift") -> String {
        transport == "tcp"
            ? "tcp://127.0.0.1:0"
            : "ipc://\(NSTemporaryDirectory())sluice-bench-\(tag)-\(getpid())-\(run).ipc"
    }
}

struct Options {
    var admin: String
    var cBaseline: String
    var runs = 5

    init(_ arguments: ArraySlice<String>) throws {
        var admin: String?
        var cBaseline: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--admin": admin = iterator.next()
            case "--c-baseline": cBaseline = iterator.next()
            case "--runs": runs = iterator.next().flatMap(Int.init) ?? runs
            default: throw BenchFailure("unknown argument \(argument)")
            }
        }
        guard let admin, let cBaseline else {
            throw BenchFailure("usage: sluice-wire-bench --admin PATH --c-baseline PATH [--runs N]")
        }
        self.admin = admin
        self.cBaseline = cBaseline
    }
}

func format(_ value: Double, _ decimals: Int = 1) -> String {
    String(format: "%.\(decimals)f", value)
}
