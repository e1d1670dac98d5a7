import Dispatch
import Synchronization

/// Waits for work to report that it is done, or for `limit` to pass, whichever comes first,
/// also inside a cancelled task (shutdown runs in one). `start` begins the work and hands it
/// the closure to call when it is done. Returns true when the work finished in time; the work
/// is not stopped when it does not.
func waitForCompletion(upTo limit: Duration, start: (_ done: @escaping @Sendable () -> Void) -> Void) async -> Bool {
    let outcome = FirstOutcome()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        outcome.install(continuation)
        start { outcome.finish(completed: true) }
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            outcome.finish(completed: false)
        }
    }
    return outcome.completed
}

/// Resumes its continuation once, for whichever of the work or the deadline comes first.
private final class FirstOutcome: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, Never>?
        var completed = false
        var finished = false
    }

    private let state = Mutex(State())

    var completed: Bool { state.withLock { $0.completed } }

    func install(_ continuation: CheckedContinuation<Void, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func finish(completed: Bool) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.completed = completed
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume()
    }
}
