extension Duration {
    /// Whole milliseconds, clamped to what a protobuf uint32 field holds.
    var clampedMilliseconds: UInt32 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let total = seconds.multipliedReportingOverflow(by: 1000)
        return total.overflow ? .max : UInt32(clamping: total.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}
