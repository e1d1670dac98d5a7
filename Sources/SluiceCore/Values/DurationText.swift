/// Durations as text: written as seconds ("1.5s", "90s", "0.25s"), read in that form, as unit
/// terms ("2m", "1h30m", "250ms", "1.5h") or as a bare number of seconds ("90", "1.5").
/// Exact to the nanosecond, in integer arithmetic.
public enum DurationText {
    /// The ±10,000 years a Literal duration can hold on the wire.
    static let maxSeconds: Int128 = 315_576_000_000
    private static let nanosPerSecond: Int128 = 1_000_000_000
    /// Digits beyond these in one term cannot name a duration in range; refusing them keeps the
    /// arithmetic far from overflow.
    private static let maxIntegerDigits = 15
    private static let maxFractionDigits = 18

    private static let units: [(suffix: String, nanos: Int128)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Seconds with the fraction the duration needs: "90s", "1.5s", "-0.000000001s".
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.attoseconds / 1_000_000_000
        let magnitude = nanos < 0 ? -nanos : nanos
        var text = (nanos < 0 ? "-" : "") + String(magnitude / nanosPerSecond)
        let fraction = magnitude % nanosPerSecond
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "s"
    }

    /// The duration the text names, or nil when it names none or one longer than 10,000 years.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingWhitespace())
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        var total: Int128 = 0
        if let seconds = decimalNanos(rest, unitNanos: nanosPerSecond) {
            total = seconds
        } else {
            while !rest.isEmpty {
                let numberEnd = rest.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) ?? rest.endIndex
                let number = rest[..<numberEnd]
                let afterNumber = rest[numberEnd...]
                let unitEnd = afterNumber.firstIndex(where: { $0.isASCII && ($0.isNumber || $0 == ".") }) ?? afterNumber.endIndex
                let unit = afterNumber[..<unitEnd]
                guard let unitNanos = units.first(where: { $0.suffix == unit })?.nanos,
                      let nanos = decimalNanos(number, unitNanos: unitNanos)
                else { return nil }
                total += nanos
                guard total <= (maxSeconds + 1) * nanosPerSecond else { return nil }
                rest = afterNumber[unitEnd...]
            }
        }
        if negative { total = -total }
        return duration(nanoseconds: total)
    }

    /// A duration from a count of nanoseconds, if it is within range.
    static func duration(nanoseconds total: Int128) -> Duration? {
        let limit = (maxSeconds + 1) * nanosPerSecond
        guard total < limit, total > -limit else { return nil }
        return .seconds(Int64(total / nanosPerSecond)) + .nanoseconds(Int64(total % nanosPerSecond))
    }

    /// "12" or "1.5" (digits, an optional fraction) times the unit, in nanoseconds, truncated.
    private static func decimalNanos(_ text: Substring, unitNanos: Int128) -> Int128? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, parts.count == 1 || !fraction.isEmpty || !whole.isEmpty,
              whole.count <= maxIntegerDigits, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var nanos = (whole.isEmpty ? 0 : Int128(whole) ?? 0) * unitNanos
        let kept = fraction.prefix(maxFractionDigits)
        if !kept.isEmpty, let numerator = Int128(kept) {
            var scale: Int128 = 1
            for _ in 0..<kept.count { scale *= 10 }
            nanos += numerator * unitNanos / scale
        }
        return nanos
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
