import Synchronization
import Dispatch
import Foundation

/// Runs blocking nng teardown (nng_close, nng_aio_stop) on a thread of its own, never on the
/// cooperative pool, and stops waiting after a deadline.
///
/// nng 1.5.2's nng_close was seen to hang after it dropped an oversized message (nng issues
/// 1543 and 1813); shutdown must not hang with it. When the deadline passes the work is
/// abandoned on its thread, and whatever it would have freed is leaked, never freed early.
enum DetachedTeardown {
    /// Returns true when `work` finished before the deadline.
    static func run(deadline: Duration, _ work: @escaping @Sendable () -> Void) async -> Bool {
        let outcome = TeardownOutcome()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            outcome.install(continuation)
            let thread = Thread {
                work()
                outcome.finish(completed: true)
            }
            thread.name = "sluice-nng-teardown"
            thread.start()
            let (seconds, attoseconds) = deadline.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                outcome.finish(completed: false)
            }
        }
        return outcome.completed
    }
}

/// Resumes its continuation once, from whichever of the work or the deadline comes first.
private final class TeardownOutcome: Sendable {
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
