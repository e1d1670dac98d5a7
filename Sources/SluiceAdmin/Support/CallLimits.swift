import SluiceWire

/// How many items a call returns and how long a long poll waits, from what the caller asked.
enum CallLimits {
    /// Listings of tasks, workflows and executions: 100 unless asked, at most 1,000.
    static func listing(_ requested: UInt32) -> Int {
        clamp(requested, default: 100, most: 1_000)
    }

    /// Events, work items and active execution ids: 1,000 unless asked, at most 10,000.
    static func batch(_ requested: UInt32) -> Int {
        clamp(requested, default: 1_000, most: 10_000)
    }

    /// The longest any long poll waits, whatever it asks: a waiting call holds one of the
    /// server's contexts.
    static let longestWait = Duration.seconds(300)

    /// How long a long poll may wait: what it asked, within ``longestWait``, and short enough
    /// to answer before the caller gives up (a tenth of its timeout, at most a second, is kept
    /// for the answer to travel).
    static func wait(requestedMilliseconds: UInt32, callerTimeout: Duration?) -> Duration {
        var wait = min(Duration.milliseconds(requestedMilliseconds), longestWait)
        if let callerTimeout {
            let margin = min(callerTimeout / 10, .seconds(1))
            wait = min(wait, callerTimeout - margin)
        }
        return max(wait, .zero)
    }

    private static func clamp(_ requested: UInt32, default value: Int, most: Int) -> Int {
        requested == 0 ? value : min(Int(requested), most)
    }
}
