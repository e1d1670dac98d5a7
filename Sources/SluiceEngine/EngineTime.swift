import SluiceWire

// The engine reasons in wall-clock Timestamps, not a monotonic clock, because its deadlines
// (retry backoffs, timeouts) are persisted and must mean the same thing after a restart.
extension Timestamp {
    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        let (seconds, attoseconds) = rhs.components
        var totalNanos = Int64(lhs.nanos) + attoseconds / 1_000_000_000
        var totalSeconds = lhs.seconds &+ seconds
        totalSeconds &+= totalNanos / 1_000_000_000
        totalNanos %= 1_000_000_000
        if totalNanos < 0 {
            totalNanos += 1_000_000_000
            totalSeconds &-= 1
        }
        return Timestamp(seconds: totalSeconds, nanos: Int32(totalNanos))
    }

    /// How long from `earlier` to this.
    public func since(_ earlier: Timestamp) -> Duration {
        .seconds(seconds - earlier.seconds) + .nanoseconds(Int64(nanos) - Int64(earlier.nanos))
    }
}
