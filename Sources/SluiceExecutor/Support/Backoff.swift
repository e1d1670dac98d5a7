/// Waits that double from `initial` up to `maximum`: how the worker retries a scheduler that
/// does not answer, without hammering it and without waiting long once it is back.
struct Backoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private var current: Duration

    init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
        self.current = initial
    }

    /// The wait before the next try; each call doubles the one after, up to the maximum.
    mutating func next() -> Duration {
        defer { current = min(current * 2, maximum) }
        return current
    }

    mutating func reset() { current = initial }
}
