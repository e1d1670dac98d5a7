/// Order statistics of measured samples.
public struct Samples {
    public private(set) var values: [Double]

    public init(_ values: [Double]) { self.values = values.sorted() }

    /// The value below which `fraction` of the samples lie (nearest rank).
    public func percentile(_ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let rank = Int((fraction * Double(values.count)).rounded(.up)) - 1
        return values[min(max(rank, 0), values.count - 1)]
    }

    public var median: Double { percentile(0.5) }
}

/// The middle value, or the mean of the two middle values of an even count; 0 for none. What
/// every benchmark reports over its runs.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

extension Duration {
    public var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }
}
