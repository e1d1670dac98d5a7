/// Wakes long-polling calls when what they wait for changes, with no polling.
///
/// A caller takes a ticket for a key *before* reading, so that a change committed between its
/// read and its wait still wakes it: the ticket remembers the change, and the wait then
/// returns at once. Tickets are released when the call ends, so nothing is kept per key once
/// no one waits on it.
actor WakeUps<Key: Hashable & Sendable> {
    struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    private struct Waiter {
        let key: Key
        var changed = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private var waiters: [UInt64: Waiter] = [:]
    private var waitersByKey: [Key: Set<UInt64>] = [:]
    private var nextID: UInt64 = 0

    /// Runs `body` with a ticket for changes to `key`, released when it ends.
    nonisolated func withTicket<T: Sendable>(for key: Key, _ body: (Ticket) async throws -> T) async throws -> T {
        let ticket = await take(key)
        do {
            let result = try await body(ticket)
            await release(ticket)
            return result
        } catch {
            await release(ticket)
            throw error
        }
    }

    /// Announces a change to `key`: every ticket for it is marked, and waiting ones resume.
    func changed(_ key: Key) {
        for id in waitersByKey[key] ?? [] { wake(id) }
    }

    /// Suspends until the key changes after the ticket was taken (or re-armed), the deadline
    /// passes or the task is cancelled, whichever is first.
    func wait(_ ticket: Ticket, until deadline: ContinuousClock.Instant) async {
        guard let waiter = waiters[ticket.id], !waiter.changed, !Task.isCancelled else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.wake(ticket.id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // The cancellation handler may already have marked the ticket.
                if waiters[ticket.id]?.changed ?? true {
                    continuation.resume()
                } else {
                    waiters[ticket.id]?.continuation = continuation
                }
            }
        } onCancel: {
            Task { await self.wake(ticket.id) }
        }
        timer.cancel()
    }

    /// Clears the ticket's mark before the caller reads again, so that only later changes wake it.
    func rearm(_ ticket: Ticket) {
        waiters[ticket.id]?.changed = false
    }

    private func take(_ key: Key) -> Ticket {
        let id = nextID
        nextID += 1
        waiters[id] = Waiter(key: key)
        waitersByKey[key, default: []].insert(id)
        return Ticket(id: id)
    }

    private func release(_ ticket: Ticket) {
        guard let waiter = waiters.removeValue(forKey: ticket.id) else { return }
        waiter.continuation?.resume()
        waitersByKey[waiter.key]?.remove(ticket.id)
        if waitersByKey[waiter.key]?.isEmpty ?? false { waitersByKey[waiter.key] = nil }
    }

    private func wake(_ id: UInt64) {
        guard var waiter = waiters[id] else { return }
        waiter.changed = true
        waiter.continuation?.resume()
        waiter.continuation = nil
        waiters[id] = waiter
    }
}
