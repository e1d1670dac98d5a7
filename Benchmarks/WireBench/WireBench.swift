import BenchSupport
import Foundation
import SluiceRPC

/// `make bench-wire`: the wire and transport, measured.
///
///   sluice-wire-bench --admin PATH --c-baseline PATH [--runs N]
///   sluice-wire-bench --rate ADDRESS      only the 8-in-flight rate against a running server
///   sluice-wire-bench --codec             only encoding and decoding (both for profiling)
///
/// Round trips go from this process to the release `sluice-admin` executable in another process;
/// the baseline is the same exchange in plain C against the same libnng (nng_echo). This machine
/// is shared and goes through slow spells lasting seconds, so Sluice and plain nng are measured
/// in alternating short blocks with both servers up, and compared block by block.
@main
enum WireBench {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count == 2, arguments[0] == "--rate" {
            print(format(try await RoundTrips.throughput(arguments[1], inFlight: 8, duration: .seconds(3)), 0))
            return
        }
        if arguments == ["--codec"] {
            print("encode \(format(try CodecTiming.encode(runs: 15, iterations: 1000))) µs, decode \(format(try CodecTiming.decode(runs: 15, iterations: 1000))) µs")
            return
        }
        let options = try Options(arguments[...])
        let sizes = try RoundTrips.messageSizes()
        print("Sluice wire benchmark: release build, client and server in separate processes, \(options.runs) runs")
        print("health request \(sizes.request) B, reply \(sizes.reply) B on the wire; each run alternates blocks of "
            + "\(Interleaved.blockCalls) sequential calls (\(Interleaved.blocks) each way per transport) and 1 s rate blocks\n")

        var results = Results()
        for run in 1...options.runs {
            for transport in ["ipc", "tcp"] {
                let admin = try await BenchService.start(options.admin, ["--listen", address(transport, run), "--log-level", "warning"])
                let echo = try await BenchService.start(options.cBaseline, ["serve", address(transport, run, tag: "c"), String(sizes.reply)])
                defer {
                    admin.stop()
                    echo.stop()
                    // Killed servers leave their ipc socket files behind.
                    for address in [admin.address, echo.address] where address.hasPrefix("ipc://") {
                        try? FileManager.default.removeItem(atPath: String(address.dropFirst("ipc://".count)))
                    }
                }
                let latency = try await Interleaved.latency(swift: admin.address, plain: echo.address, cBaseline: options.cBaseline, requestBytes: sizes.request)
                results.add(latency, transport: transport)
                if transport == "tcp" {
                    let rates = try await Interleaved.rates(swift: admin.address, plain: echo.address, cBaseline: options.cBaseline, requestBytes: sizes.request)
                    results.add(rates)
                }
            }
            print("run \(run): \(results.lastRunSummary)")
        }
        results.encode = try CodecTiming.encode()
        results.decode = try CodecTiming.decode()
        results.report()
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
