import DequeModule
import Synchronization

/// How many bytes of large requests a service decodes at once. A burst of maximum-size requests
/// would otherwise be decoded all together, each into structures several times its size, and
/// grow the service's memory with the burst. Past `running` bytes a large request waits its
/// turn; past `waiting` bytes more it is refused at once with RESOURCE_EXHAUSTED, its bytes
/// freed undecoded. A turn ends when the request is decoded, so a long poll does not hold one. One request alone is always admitted, whatever
/// its size, so no request the wire allows is refused by an idle service.
final class LargeRequestBudget: Sendable {
    struct Limits: Sendable {
        /// Requests this large or larger count against the budget; smaller ones never wait.
        var threshold = 1 << 20
        var running = 32 << 20
        var waiting = 32 << 20
    }

    let limits: Limits

    private struct Waiter {
        let id: UInt64
        let size: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var running = 0
        var waiting = 0
        var queue: Deque<Waiter> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether a request of `size` bytes counts against the budget.
    func counts(_ size: Int) -> Bool { size >= limits.threshold }

    /// Waits until a request of `size` bytes may be handled; false when it is refused (the
    /// queue is full, or the waiting task was cancelled). Each true is matched by one
    /// ``release(_:)`` of the same size.
    func admit(_ size: Int) async -> Bool {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Decided and queued under one lock, so that no release slips in between.
                let decided = state.withLock { state -> Bool? in
                    if Task.isCancelled { return false }
                    if state.queue.isEmpty, state.running == 0 || state.running + size <= limits.running {
                        state.running += size
                        return true
                    }
                    guard state.waiting + size <= limits.waiting else { return false }
                    state.waiting += size
                    state.queue.append(Waiter(id: id, size: size, continuation: continuation))
                    return nil
                }
                if let decided { continuation.resume(returning: decided) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return nil }
                let waiter = state.queue.remove(at: index)
                state.waiting -= waiter.size
                return waiter
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// A request admitted is done: those waiting that now fit go, oldest first.
    func release(_ size: Int) {
        let admitted = state.withLock { state -> [Waiter] in
            state.running -= size
            var admitted: [Waiter] = []
            while let first = state.queue.first, state.running == 0 || state.running + first.size <= limits.running {
                state.queue.removeFirst()
                state.waiting -= first.size
                state.running += first.size
                admitted.append(first)
            }
            return admitted
        }
        for waiter in admitted { waiter.continuation.resume(returning: true) }
    }
}
