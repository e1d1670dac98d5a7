import Foundation

/// The benchmark's results, reported against the targets of the wire issue.
struct Figures {
    let swift: [String: (p50: [Double], p99: [Double])]
    let plain: [String: (p50: [Double], p99: [Double])]
    let rates: [Double]
    let plainRates: [Double]
    let encode: Double
    let decode: Double

    func report() {
        let swiftIPC = (median(swift["ipc"]!.p50), median(swift["ipc"]!.p99))
        let swiftTCP = (median(swift["tcp"]!.p50), median(swift["tcp"]!.p99))
        let plainIPC = (median(plain["ipc"]!.p50), median(plain["ipc"]!.p99))
        let plainTCP = (median(plain["tcp"]!.p50), median(plain["tcp"]!.p99))
        // Each run measures Sluice and plain nng one right after the other, so the ratio within a
        // run cancels the slow and fast spells this shared machine goes through; its median over
        // the runs is the overhead.
        let overheadTCP = (median(zip(swift["tcp"]!.p50, plain["tcp"]!.p50).map(/)) - 1) * 100
        let overheadIPC = (median(zip(swift["ipc"]!.p50, plain["ipc"]!.p50).map(/)) - 1) * 100
        let rate = median(rates)
        let plainRate = median(plainRates)
        let rateRatio = median(zip(rates, plainRates).map(/)) * 100
        let spread = plain["tcp"]!.p50

        print("""

            round trip, one call at a time        p50 µs    p99 µs
              Sluice (Swift) over ipc           \(pad(swiftIPC.0))  \(pad(swiftIPC.1))
              Sluice (Swift) over tcp           \(pad(swiftTCP.0))  \(pad(swiftTCP.1))
              plain nng in C over ipc           \(pad(plainIPC.0))  \(pad(plainIPC.1))
              plain nng in C over tcp           \(pad(plainTCP.0))  \(pad(plainTCP.1))
            the Swift layer adds \(format(overheadTCP, 0))% over tcp and \(format(overheadIPC, 0))% over ipc to the p50 (target: at most 20%),
              as the median of each run's ratio to plain nng; plain nng's own tcp p50 ranged \(format(spread.min()!, 0))-\(format(spread.max()!, 0)) µs over the runs
            throughput with 8 calls in flight over tcp: \(format(rate, 0)) calls/s (target: at least 15,000);
              plain nng in C on this machine, 8 threads each with a context: \(format(plainRate, 0)) calls/s; Sluice reaches \(format(rateRatio, 0))% of it
            1,000-element collection Literal: encode \(format(encode)) µs, decode \(format(decode)) µs

            BENCH wire_rtt_ipc_p50_us \(format(swiftIPC.0))
            BENCH wire_rtt_ipc_p99_us \(format(swiftIPC.1))
            BENCH wire_rtt_tcp_p50_us \(format(swiftTCP.0))
            BENCH wire_rtt_tcp_p99_us \(format(swiftTCP.1))
            BENCH nng_c_rtt_ipc_p50_us \(format(plainIPC.0))
            BENCH nng_c_rtt_tcp_p50_us \(format(plainTCP.0))
            BENCH nng_c_rtt_tcp_p99_us \(format(plainTCP.1))
            BENCH wire_overhead_tcp_percent \(format(overheadTCP))
            BENCH wire_overhead_ipc_percent \(format(overheadIPC))
            BENCH wire_rps_8 \(format(rate, 0))
            BENCH nng_c_rps_8 \(format(plainRate, 0))
            BENCH wire_encode_1000_us \(format(encode))
            BENCH wire_decode_1000_us \(format(decode))
            """)
    }

    private func pad(_ value: Double) -> String {
        let text = format(value)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
}
