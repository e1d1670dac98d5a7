import Foundation

/// CLOCK_MONOTONIC in nanoseconds: the same clock in every process of the machine, so the
/// benchmark can compare a time taken in its executor with one taken in itself.
enum MonotonicClock {
    static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
