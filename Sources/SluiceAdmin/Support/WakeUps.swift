import Synchronization

/// Wakes long-polling calls when what they wait for changes, with no polling.
///
/// A caller takes a ticket for a key *before* reading, so that a change committed between its
/// read and its wait still wakes it: the ticket remembers the change, and the wait then
/// returns at once. Tickets are released when the call ends, so nothing is kept per key once
/// no one waits on it.
///
/// A lock, not an actor: announcing a change is on the path of every recorded event batch,
/// and a call that does not have to hop to another executor answers from the thread it runs on.
final class WakeUps<Key: Hashable & Sendable>: Sendable {
    struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    private struct Waiter {
        let key: Key
        var changed = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var waitersByKey: [Key: Set<UInt64>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Runs `body` with a ticket for changes to `key`, released when it ends.
    func withTicket<T: Sendable>(for key: Key, _ body: (Ticket) async throws -> T) async throws -> T {
        let ticket = take(key)
        defer { release(ticket) }
        return try await body(ticket)
    }

    /// Announces a change to `key`: every ticket for it is marked, and waiting ones resume.
    func changed(_ key: Key) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard let ids = state.waitersByKey[key] else { return [] }
            return ids.compactMap { Self.mark($0, in: &state) }
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Announces a change to every key: what may have changed is not known.
    func changedEveryKey() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            Array(state.waiters.keys).compactMap { Self.mark($0, in: &state) }
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Suspends until the key changes after the ticket was taken (or re-armed), the deadline
    /// passes or the task is cancelled, whichever is first.
    func wait(_ ticket: Ticket, until deadline: ContinuousClock.Instant) async {
        let alreadyChanged = state.withLock { $0.waiters[ticket.id]?.changed ?? true }
        guard !alreadyChanged, !Task.isCancelled else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            self?.wake(ticket.id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A change, the timer or a cancellation may have marked the ticket meanwhile.
                let parked = state.withLock { state -> Bool in
                    guard let waiter = state.waiters[ticket.id], !waiter.changed else { return false }
                    state.waiters[ticket.id]?.continuation = continuation
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            wake(ticket.id)
        }
        timer.cancel()
    }

    /// Wakes the ticket's wait (or the next one) as a change would.
    func wakeEarly(_ ticket: Ticket) {
        wake(ticket.id)
    }

    /// Clears the ticket's mark before the caller reads again, so that only later changes wake it.
    func rearm(_ ticket: Ticket) {
        state.withLock { $0.waiters[ticket.id]?.changed = false }
    }

    private func take(_ key: Key) -> Ticket {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = Waiter(key: key)
            state.waitersByKey[key, default: []].insert(id)
            return Ticket(id: id)
        }
    }

    private func release(_ ticket: Ticket) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiters.removeValue(forKey: ticket.id) else { return nil }
            state.waitersByKey[waiter.key]?.remove(ticket.id)
            if state.waitersByKey[waiter.key]?.isEmpty ?? false { state.waitersByKey[waiter.key] = nil }
            return waiter.continuation
        }
        continuation?.resume()
    }

    private func wake(_ id: UInt64) {
        let continuation = state.withLock { Self.mark(id, in: &$0) }
        continuation?.resume()
    }

    /// Marks the ticket changed; returns its waiting continuation, taken out, to resume once
    /// the lock is released.
    private static func mark(_ id: UInt64, in state: inout State) -> CheckedContinuation<Void, Never>? {
        guard var waiter = state.waiters[id] else { return nil }
        waiter.changed = true
        let continuation = waiter.continuation
        waiter.continuation = nil
        state.waiters[id] = waiter
        return continuation
    }
}
