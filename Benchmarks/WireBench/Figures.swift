import BenchSupport
import Foundation

/// The benchmark's results, reported against the targets of the wire issue.
struct Results {
    /// Per transport: each run's p50 and p99 for Sluice and plain nng, and every block ratio.
    private var swiftP50: [String: [Double]] = [:]
    private var swiftP99: [String: [Double]] = [:]
    private var plainP50: [String: [Double]] = [:]
    private var plainP99: [String: [Double]] = [:]
    private var ratios: [String: [Double]] = [:]
    private var swiftRates: [Double] = []
    private var plainRates: [Double] = []
    private var rateRatios: [Double] = []
    var encode = Double.nan
    var decode = Double.nan

    mutating func add(_ latency: Interleaved.Latency, transport: String) {
        let swift = Samples(latency.swift)
        let plain = Samples(latency.plain)
        swiftP50[transport, default: []].append(swift.median)
        swiftP99[transport, default: []].append(swift.percentile(0.99))
        plainP50[transport, default: []].append(plain.median)
        plainP99[transport, default: []].append(plain.percentile(0.99))
        ratios[transport, default: []] += latency.ratios
    }

    mutating func add(_ rates: Interleaved.Rates) {
        swiftRates.append(median(rates.swift))
        plainRates.append(median(rates.plain))
        rateRatios += rates.ratios
    }

    var lastRunSummary: String {
        "tcp p50 sluice \(format(swiftP50["tcp"]!.last!)) µs, plain \(format(plainP50["tcp"]!.last!)) µs; "
            + "8 in flight sluice \(format(swiftRates.last!, 0)), plain \(format(plainRates.last!, 0)) calls/s"
    }

    func report() {
        func overhead(_ transport: String) -> Double { (median(ratios[transport]!) - 1) * 100 }
        let rows = [
            ("Sluice (Swift) over ipc", swiftP50["ipc"]!, swiftP99["ipc"]!),
            ("Sluice (Swift) over tcp", swiftP50["tcp"]!, swiftP99["tcp"]!),
            ("plain nng in C over ipc", plainP50["ipc"]!, plainP99["ipc"]!),
            ("plain nng in C over tcp", plainP50["tcp"]!, plainP99["tcp"]!),
        ]
        print("\nround trip, one call at a time        p50 µs    p99 µs   (medians over runs)")
        for (name, p50, p99) in rows {
            print("  \(name)           \(pad(median(p50)))  \(pad(median(p99)))")
        }
        print("""
            the Swift layer adds \(format(overhead("tcp"), 0))% over tcp and \(format(overhead("ipc"), 0))% over ipc to the p50 (target: at most 20%),
              as the median over \(ratios["tcp"]!.count) block pairs of Sluice's p50 to plain nng's
            throughput with 8 calls in flight over tcp: \(format(median(swiftRates), 0)) calls/s (target: at least 15,000);
              plain nng in C on this machine, 8 threads each with a context: \(format(median(plainRates), 0)) calls/s; Sluice reaches \(format(median(rateRatios) * 100, 0))% of it
            1,000-element collection Literal: encode \(format(encode)) µs, decode \(format(decode)) µs

            BENCH wire_rtt_ipc_p50_us \(format(median(swiftP50["ipc"]!)))
            BENCH wire_rtt_ipc_p99_us \(format(median(swiftP99["ipc"]!)))
            BENCH wire_rtt_tcp_p50_us \(format(median(swiftP50["tcp"]!)))
            BENCH wire_rtt_tcp_p99_us \(format(median(swiftP99["tcp"]!)))
            BENCH nng_c_rtt_ipc_p50_us \(format(median(plainP50["ipc"]!)))
            BENCH nng_c_rtt_tcp_p50_us \(format(median(plainP50["tcp"]!)))
            BENCH nng_c_rtt_tcp_p99_us \(format(median(plainP99["tcp"]!)))
            BENCH wire_overhead_tcp_percent \(format(overhead("tcp")))
            BENCH wire_overhead_ipc_percent \(format(overhead("ipc")))
            BENCH wire_rps_8 \(format(median(swiftRates), 0))
            BENCH nng_c_rps_8 \(format(median(plainRates), 0))
            BENCH wire_rps_8_vs_c_percent \(format(median(rateRatios) * 100))
            BENCH wire_encode_1000_us \(format(encode))
            BENCH wire_decode_1000_us \(format(decode))
            """)
    }

    private func pad(_ value: Double) -> String {
        let text = format(value)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
}
