import SluiceCore
import SluiceWire

/// A task attempt ready to go to an executor.
public struct AttemptDispatch: Sendable, Hashable {
    public var assignment: AttemptAssignment
    /// The executor pool that must run it ("" is the default pool).
    public var pool: String
    /// An attempt whose executor stays silent this long is lost.
    public var heartbeatTimeout: Duration
}

/// A deadline the engine wants to hear about. Stale timers are harmless: when one fires, the
/// engine checks it still means something (the attempt is still current, say).
public enum TimerKey: Sendable, Hashable {
    /// A retry's backoff has passed: dispatch the attempt.
    case retry(nodeID: String, attempt: UInt32)
    case attemptTimeout(attemptID: String)
    case nodeTimeout(nodeID: String)
    case executionTimeout
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
    /// The execution reached a terminal phase; its machine can be dropped once recorded.
    case finished(ExecutionPhase)
}

extension NodePhase {
    /// Ended in a way that fails what depends on it.
    var isFailure: Bool { self == .failed || self == .timedOut }
}
