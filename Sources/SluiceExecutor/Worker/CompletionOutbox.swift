import Synchronization
import SluiceWire

/// Results waiting to be sent to the scheduler. One sender (``Worker/sendCompletions()``) sends
/// everything waiting in one `complete_attempts` call, and while that call travels, results
/// that finish meanwhile wait for the next one: a lone result goes at once, a burst of short
/// attempts costs one round trip instead of one each.
final class CompletionOutbox: Sendable {
    struct Entry {
        let completion: CompleteAttemptRequest
        /// Its encoded size, measured once, for batching.
        let bytes: Int
        /// Resumed with whether the scheduler accepted the result; nil when it never got there.
        let delivered: CheckedContinuation<Bool?, Never>
    }

    private struct State {
        var waiting: [Entry] = []
        var closed = false
    }

    private let state = Mutex(State())
    let arrivals = ChangeSignal()

    /// Waits until the result has been sent: true when accepted, false when the attempt was
    /// no longer current, nil when the worker stopped before it was delivered.
    func deliver(_ completion: CompleteAttemptRequest, bytes: Int) async -> Bool? {
        let accepted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool?, Never>) in
            let open = state.withLock { state in
                guard !state.closed else { return false }
                state.waiting.append(Entry(completion: completion, bytes: bytes, delivered: continuation))
                return true
            }
            if open { arrivals.notify() } else { continuation.resume(returning: nil) }
        }
        return accepted
    }

    /// Everything waiting, in the order it arrived; the outbox is left empty.
    func takeAll() -> [Entry] {
        state.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
    }

    var isEmpty: Bool { state.withLock { $0.waiting.isEmpty } }

    /// The sender has stopped: every result still waiting, and any added later, is given up.
    func close() {
        let abandoned = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for entry in abandoned { entry.delivered.resume(returning: nil) }
    }
}
