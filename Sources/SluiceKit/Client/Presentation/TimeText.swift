import Foundation

/// Times and durations as the CLI shows them.
package enum TimeText {
    /// "2026-01-31T09:00:00Z".
    package static func iso8601(_ timestamp: Timestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: timestamp.date)
    }

    /// "2026-01-31 09:00:00 UTC" in `timeZone`: a moment people read on its own, such as
    /// when a gate times out, which may be days away and in another zone than the reader's.
    package static func local(_ timestamp: Timestamp, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let date = timestamp.date
        // Foundation abbreviates UTC as "GMT"; people expect "UTC".
        let zone = timeZone.secondsFromGMT(for: date) == 0 && ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier)
            ? "UTC" : timeZone.abbreviation(for: date) ?? timeZone.identifier
        return formatter.string(from: date) + " " + zone
    }

    /// "850ms", "12.3s", "4m05s", "2h03m": short, and precise where it matters.
    package static func duration(_ duration: Duration) -> String {
        let milliseconds = max(0, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 60_000 {
            let tenths = (milliseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = (milliseconds + 500) / 1000
        if seconds < 3600 { return "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" }
        return "\(seconds / 3600)h\(String(format: "%02d", seconds / 60 % 60))m"
    }

    /// From `start` to `end`, or to `now` while it runs; "-" before it starts.
    package static func elapsed(from start: Timestamp?, to end: Timestamp?, now: Date = Date()) -> String {
        guard let interval = seconds(from: start, to: end, now: now) else { return "-" }
        return duration(.milliseconds(Int64((interval * 1000).rounded())))
    }

    package static func seconds(from start: Timestamp?, to end: Timestamp?, now: Date = Date()) -> Double? {
        guard let start else { return nil }
        return (end?.date ?? now).timeIntervalSince(start.date)
    }
}
