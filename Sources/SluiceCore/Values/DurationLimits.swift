/// How long a timeout, sleep or backoff may be. Each becomes a deadline, a timestamp, and
/// protobuf's timestamps end with the year 9999: a longer duration would be accepted and then
/// fail when its deadline is recorded. A century is longer than anything waits in practice.
public enum DurationLimits {
    /// 100 years of 365 days.
    public static let longest: Duration = .seconds(3_153_600_000)

    /// Why `duration` cannot be used as a timeout, a sleep or a backoff, or nil: it must be
    /// positive (or, with `zeroAllowed`, not negative) and at most ``longest``.
    public static func problem(_ duration: Duration, zeroAllowed: Bool = false) -> String? {
        if zeroAllowed ? duration < .zero : duration <= .zero {
            return "must be \(zeroAllowed ? "zero or more" : "positive"), is \(DurationText.format(duration))"
        }
        if duration > longest {
            return "must be at most 100 years (\(DurationText.format(longest))), is \(DurationText.format(duration))"
        }
        return nil
    }
}
