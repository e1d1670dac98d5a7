import Foundation

/// The share of this machine's CPU time that its host gave to others while a figure was
/// measured: the "steal" column of `/proc/stat`. On a virtual machine a latency tail measured
/// while the host takes a tenth of the CPUs says more about the host than about Sluice, so the
/// benchmarks print it beside their figures.
public struct HostSteal: Sendable {
    private let start: Ticks?

    /// Starts measuring now.
    public init() { start = Self.ticks() }

    /// Percent of all CPU time since `init` that was stolen; nil where `/proc/stat` has no
    /// steal column (not Linux).
    public func percent() -> Double? {
        guard let start, let now = Self.ticks(), now.total > start.total else { return nil }
        return 100 * Double(now.steal - start.steal) / Double(now.total - start.total)
    }

    /// "host steal 3.2%", or "" where it cannot be read.
    public func text() -> String {
        percent().map { String(format: "host steal %.1f%%", $0) } ?? ""
    }

    struct Ticks {
        var total: UInt64
        var steal: UInt64
    }

    /// The first line of `/proc/stat`: "cpu user nice system idle iowait irq softirq steal …",
    /// in clock ticks summed over every CPU. Guest time is already counted in user and nice.
    static func ticks() -> Ticks? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n", maxSplits: 1).first, line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard fields.count == 8 else { return nil }
        return Ticks(total: fields.reduce(0, +), steal: fields[7])
    }
}
