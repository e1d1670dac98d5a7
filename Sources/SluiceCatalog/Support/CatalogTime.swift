import SluiceWire

/// Times as the catalog stores and compares them: nanoseconds since 1970 in an Int64, which
/// spans the years 1677 to 2262. Anything beyond saturates, which keeps its order, so no
/// timestamp or duration a caller sends can overflow.
enum CatalogTime {
    /// The whole seconds an Int64 of nanoseconds can hold with room for a second's nanoseconds
    /// (and for a malformed nanos field up to Int32's range).
    private static let secondsBound: Int64 = 9_223_372_033

    static func nanoseconds(_ timestamp: Timestamp) -> Int64 {
        clampedSeconds(timestamp.seconds) * 1_000_000_000 + Int64(timestamp.nanos)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return clampedSeconds(seconds) * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    static func timestamp(nanoseconds: Int64) -> Timestamp {
        let (seconds, nanos) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        // Times before 1970 borrow a second, keeping nanos in 0..<1e9.
        return nanos < 0
            ? Timestamp(seconds: seconds - 1, nanos: Int32(nanos + 1_000_000_000)) : Timestamp(seconds: seconds, nanos: Int32(nanos))
    }

    /// `timestamp` moved by `duration` (back when negative).
    static func offset(_ timestamp: Timestamp, by duration: Duration) -> Timestamp {
        let (moved, overflow) = nanoseconds(timestamp).addingReportingOverflow(nanoseconds(duration))
        return CatalogTime.timestamp(nanoseconds: overflow ? (duration < .zero ? .min : .max) : moved)
    }

    private static func clampedSeconds(_ seconds: Int64) -> Int64 {
        min(max(seconds, -secondsBound), secondsBound)
    }
}
