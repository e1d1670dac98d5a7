import SluiceCore
import SluiceWire

/// What a node that runs attempts of a task keeps: its current attempt (the fencing token),
/// the failures counted against each retry budget, and where it is with the catalog.
struct AttemptState: Sendable {
    /// The task the attempts run, named in the node's first event.
    var task: Identifier?
    var attempt: UInt32 = 0
    var currentAttemptID: String?
    /// The current attempt waits for its backoff to pass before it is dispatched.
    var awaitingRetry = false
    var userFailures: UInt32 = 0
    var systemFailures: UInt32 = 0
    /// Cacheable tasks: the status so far and the key's digest, recorded with every event.
    var cache: CacheInfo?
    var cacheStep = CacheStep.none
    /// The cache key, computed once when the attempts begin.
    var cacheKey: CacheKey?

    /// This node holds its key's reservation (serialized caching). Kept in its cache info, so
    /// that it is recorded with the node and known again after a restart.
    var holdsReservation: Bool {
        get { cache?.holdsReservation ?? false }
        set { cache?.holdsReservation = newValue }
    }
}

/// Where a cacheable node is with the catalog.
enum CacheStep: Sendable, Hashable {
    case none
    /// Waiting for the catalog's answer (or for a held reservation to be released).
    case lookingUp
    /// Its attempt succeeded; waiting for the put before the node succeeds.
    case storing(attemptID: String, executorID: String, outputs: [String: Literal])
}
