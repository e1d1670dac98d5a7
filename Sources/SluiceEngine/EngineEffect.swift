import SluiceCore
import SluiceWire

/// A task attempt ready to go to an executor.
public struct AttemptDispatch: Sendable, Hashable {
    public var assignment: AttemptAssignment
    /// The executor pool that must run it ("" is the default pool).
    public var pool: String
    /// An attempt whose executor stays silent this long is lost.
    public var heartbeatTimeout: Duration
    /// The executor the attempt was last handed to, when it is dispatched again after a
    /// restart: that executor may still be running it, and will say so in its next heartbeat.
    public var heldBy: String = ""

    /// How often an executor heartbeats an attempt whose heartbeat timeout is `timeout`: four
    /// times per timeout, so that one late heartbeat costs nothing.
    public static func heartbeatInterval(forTimeout timeout: Duration) -> Duration {
        max(timeout / 4, .milliseconds(100))
    }
}

/// A deadline the engine wants to hear about. Stale timers are harmless: when one fires, the
/// engine checks it still means something (the attempt is still current, say).
public enum TimerKey: Sendable, Hashable {
    /// A retry's backoff has passed: dispatch the attempt.
    case retry(nodeID: String, attempt: UInt32)
    case attemptTimeout(attemptID: String)
    case nodeTimeout(nodeID: String)
    case executionTimeout
    /// A serialized cache key was held by another run: ask the catalog again.
    case cacheRetry(nodeID: String)
    /// A sleep gate's time has come.
    case gateWake(nodeID: String)
    /// A gate has waited as long as its timeout allows.
    case gateTimeout(nodeID: String)
}

/// Ask the catalog for a cacheable task's outputs before running it. With `reserveAs`, the
/// task serializes: reserve the key for that holder instead of a plain lookup.
public struct CacheLookup: Sendable, Hashable {
    public var nodeID: String
    public var key: CacheKey
    public var reserveAs: String?
}

/// What the catalog said; see ``ExecutionMachine/cacheLookedUp(_:_:now:)``.
public enum CacheLookupResult: Sendable, Hashable {
    case hit(CacheEntry)
    case miss
    /// Serialized caching: this run holds the key's reservation now and must produce the entry.
    case reserved
    /// Serialized caching: another run holds the key; wait and ask again.
    case held(by: String)
    /// The catalog did not answer (down, slow, or the inputs cannot be keyed).
    case failed(String)
}

/// Store a task's outputs in the catalog; then call ``ExecutionMachine/cacheStored(_:_:now:)``.
public struct CachePut: Sendable, Hashable {
    public var nodeID: String
    public var entry: CacheEntry
    public var overwrite: Bool
    /// The holder of the key's reservation this node took (serialized caching); the put
    /// releases it.
    public var reservedAs: String?
}

/// What the engine asks its host (the scheduler, or an in-process runner) to do. Events come
/// first in the list; the host persists them before acting on anything after them.
public enum EngineEffect: Sendable, Hashable {
    /// Persist this transition.
    case record(Event)
    /// Queue this attempt for an executor.
    case dispatch(AttemptDispatch)
    /// Stop this attempt on whatever executor runs it.
    case cancel(attemptID: String)
    /// Call ``ExecutionMachine/timerFired(_:now:)`` at this time.
    case timer(at: Timestamp, TimerKey)
    /// Look the task up in the catalog (or reserve its key), then call
    /// ``ExecutionMachine/cacheLookedUp(_:_:now:)``.
    case cacheLookup(CacheLookup)
    case cachePut(CachePut)
    /// Give up a reservation this run held without storing an entry (the task failed).
    case cacheRelease(key: CacheKey, holder: String)
    /// After a restart: a node still holds this reservation (its task runs or is queued), so
    /// keep extending it for `holder` until the entry is stored or the reservation released.
    case cacheHold(key: CacheKey, holder: String)
    /// The execution reached a terminal phase; its machine can be dropped once recorded.
    case finished(ExecutionPhase)

    /// Whether the effect only undoes work (stops an attempt, gives a reservation back), so
    /// that it is safe, and wanted, even when the transition behind it could not be recorded.
    public var onlyUndoes: Bool {
        switch self {
        case .cancel, .cacheRelease: true
        case .record, .dispatch, .timer, .cacheLookup, .cachePut, .cacheHold, .finished: false
        }
    }
}

extension NodePhase {
    /// Ended in a way that fails what depends on it.
    var isFailure: Bool { self == .failed || self == .timedOut }
}
