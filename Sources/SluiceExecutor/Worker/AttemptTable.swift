import Synchronization
import SluiceWire

/// The attempts a worker holds: running ones (each taking a slot, each with its stop switch)
/// and finished ones whose result is still on its way to the scheduler. Both are heartbeated,
/// so the scheduler does not declare an attempt lost while its result waits for it to return.
final class AttemptTable: Sendable {
    private struct Entry {
        let stop: OneShot<StopReason>
        let heartbeatInterval: Duration?
        var running = true
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Notified whenever an attempt ends or leaves the table.
    let changes = ChangeSignal()

    /// Records a new attempt; nil when one with this id is already held (a duplicate assignment).
    func begin(_ assignment: AttemptAssignment) -> OneShot<StopReason>? {
        let stop = OneShot<StopReason>()
        let interval = assignment.heartbeatInterval.flatMap { $0 > .zero ? $0 : nil }
        let added = entries.withLock { entries in
            guard entries[assignment.attemptID] == nil else { return false }
            entries[assignment.attemptID] = Entry(stop: stop, heartbeatInterval: interval)
            return true
        }
        return added ? stop : nil
    }

    /// The attempt's work has ended: its slot is free, its result not yet delivered.
    func finishRunning(_ attemptID: String) {
        entries.withLock { $0[attemptID]?.running = false }
        changes.notify()
    }

    func remove(_ attemptID: String) {
        entries.withLock { _ = $0.removeValue(forKey: attemptID) }
        changes.notify()
    }

    var runningCount: Int { entries.withLock { $0.values.count(where: \.running) } }
    var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    /// Every attempt held, for the heartbeat.
    var attemptIDs: [String] { entries.withLock { $0.keys.sorted() } }

    /// The shortest heartbeat interval the running attempts ask for.
    var heartbeatInterval: Duration? {
        entries.withLock { $0.values.compactMap(\.heartbeatInterval).min() }
    }

    /// Stops these attempts if they are still running.
    func stop(_ attemptIDs: [String], reason: StopReason) {
        let switches = entries.withLock { entries in attemptIDs.compactMap { id in entries[id].flatMap { $0.running ? $0.stop : nil } } }
        for stop in switches { stop.fire(reason) }
    }

    func stopAll(reason: StopReason) {
        stop(attemptIDs, reason: reason)
    }
}
