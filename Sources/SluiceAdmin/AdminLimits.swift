import SluiceWire

/// How many items admin's calls return and how long its long polls wait, from what the caller
/// asked: the tunables of `services/admin/admin.yaml`.
public struct AdminLimits: Sendable, Equatable {
    /// Listings of tasks, workflows, executions and gates: at most this many per page
    /// (100 unless the caller asks).
    public var mostListed = 1_000
    /// Events, work items, nodes and active execution ids: at most this many per reply
    /// (1,000 unless the caller asks).
    public var mostBatched = 10_000
    /// The longest any long poll waits, whatever it asks: a waiting call holds one of the
    /// server's contexts.
    public var longestWait = Duration.seconds(300)

    public init() {}

    func listing(_ requested: UInt32) -> Int {
        Self.clamp(requested, default: min(100, mostListed), most: mostListed)
    }

    func batch(_ requested: UInt32) -> Int {
        Self.clamp(requested, default: min(1_000, mostBatched), most: mostBatched)
    }

    /// How long a long poll may wait: what it asked, within ``longestWait``, and short enough
    /// to answer before the caller gives up (a tenth of its timeout, at most a second, is kept
    /// for the answer to travel).
    func wait(requestedMilliseconds: UInt32, callerTimeout: Duration?) -> Duration {
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
