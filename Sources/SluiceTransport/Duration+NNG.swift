internal import CNNG

extension Duration {
    /// Whole milliseconds, as nng takes timeouts, clamped to nng's range and at least `minimum`.
    func nngMilliseconds(minimum: Int64 = 0) -> nng_duration {
        let (seconds, attoseconds) = components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        let milliseconds = total.overflow ? Int64.max : total.partialValue &+ attoseconds / 1_000_000_000_000_000
        return nng_duration(clamping: max(minimum, milliseconds))
    }
}
