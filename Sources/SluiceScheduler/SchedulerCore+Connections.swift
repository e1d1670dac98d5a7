import SluiceWire

// An executor's connection closing is the transport telling the scheduler what the heartbeat
// timeout would tell it much later: the executor may be gone. It gets a short grace to come back
// (nng reconnects a dropped connection at once and the executor's next call arrives on the new
// one); if it does not, its attempts are lost now, not when the heartbeat timeout runs out.
extension SchedulerCore {
    /// How long an executor whose connection closed has to be heard from again: until the
    /// heartbeat of its slowest attempt is due (see ``heartbeatDue(heartbeatTimeout:)``), at
    /// least two seconds.
    func reconnectGrace(of executorID: String) -> Duration {
        let due = inFlight.values.filter { $0.executorID == executorID }.map { Self.heartbeatDue(heartbeatTimeout: $0.heartbeatTimeout) }
        return max(due.max() ?? .zero, .seconds(2))
    }

    /// A connection to the scheduler closed.
    public func connectionClosed(_ connection: UInt32) {
        for (executorID, record) in executors where record.connection == connection {
            let grace = reconnectGrace(of: executorID)
            Task {
                try? await Task.sleep(for: grace)
                self.executorSilentAfterDisconnect(executorID, connection: connection, grace: grace)
            }
        }
    }

    /// The executor has not called since its connection closed: its attempts are lost and it
    /// is forgotten. One that called meanwhile came on another connection and is left alone.
    private func executorSilentAfterDisconnect(_ executorID: String, connection: UInt32, grace: Duration) {
        guard let record = executors[executorID], record.connection == connection else { return }
        executors[executorID] = nil
        let now = Timestamp.now()
        let reason = "executor \(executorID)'s connection closed and it did not come back within \(grace)"
        for (attemptID, attempt) in inFlight.sorted(by: { $0.key < $1.key }) where attempt.executorID == executorID {
            lose(attemptID, reason: reason, now: now)
        }
    }
}
