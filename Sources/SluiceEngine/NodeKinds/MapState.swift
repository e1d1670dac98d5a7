import SluiceWire

/// What a running map node keeps: counts, not the elements, whose state lives in their own
/// child nodes ("thumbs[3]").
struct MapState: Sendable {
    /// How many elements the mapped inputs hold.
    let count: Int
    /// How many must succeed for the node to.
    let required: Int
    /// At most this many elements run at once; 0 for no limit.
    let concurrency: Int
    /// The next element never started; those below it have started (or wait in `toRestart`).
    var next = 0
    /// Elements below `next` that a restart found never recorded, started again first: the
    /// last is the next to go.
    var toRestart: [Int] = []
    /// An element is being started: one that ends at once (its inputs do not fit) is counted,
    /// and the loop that starts elements carries on, instead of a call nested in the start.
    var starting = false
    var running = 0
    var succeeded = 0
    var failed = 0

    var ended: Int { succeeded + failed }
    /// Whether enough elements can still succeed.
    var canSucceed: Bool { count - failed >= required }
    var hasRoom: Bool { concurrency == 0 || running < concurrency }
}

extension MapNode {
    /// How many of `count` elements must succeed: all, unless min_successes or
    /// min_success_ratio says fewer.
    func requiredSuccesses(of count: Int) -> Int {
        switch successCriteria {
        case nil: count
        case .minSuccesses(let least): min(Int(least), count)
        // Rounded up, but not past a whole number the product misses by floating-point error
        // only (0.07 × 100 is 7.000000000000001).
        case .minSuccessRatio(let ratio): min(count, max(0, Int((ratio * Double(count) - 1e-9).rounded(.up))))
        }
    }
}
