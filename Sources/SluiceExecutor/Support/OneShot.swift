import Synchronization

/// A value set once, which any number of tasks can wait for: the stop request of one attempt,
/// the worker's drain request.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case waiting([UInt64: CheckedContinuation<Value?, Never>])
        case fired(Value)
    }

    private let state = Mutex(State.waiting([:]))
    /// Waiters are told apart by a counter: a UUID would read /dev/urandom for every wait.
    private let nextWaiter = Atomic<UInt64>(0)

    /// Sets the value and wakes every waiter. Only the first call counts; returns whether it was it.
    @discardableResult
    func fire(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>]? in
            guard case .waiting(let waiters) = state else { return nil }
            state = .fired(value)
            return Array(waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value, once fired.
    var value: Value? {
        state.withLock { state in
            if case .fired(let value) = state { value } else { nil }
        }
    }

    /// Waits for the value; nil when the waiting task is cancelled first.
    func wait() async -> Value? {
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let immediate: Value?? = state.withLock { state in
                    switch state {
                    case .fired(let value):
                        return .some(value)
                    case .waiting(var waiters):
                        if Task.isCancelled { return .some(nil) }
                        waiters[id] = continuation
                        state = .waiting(waiters)
                        return nil
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Value?, Never>? in
                guard case .waiting(var waiters) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .waiting(waiters)
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
