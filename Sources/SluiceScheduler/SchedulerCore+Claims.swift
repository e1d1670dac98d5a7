import SluiceEngine
import SluiceWire
import SluiceLogging

// After a restart, an attempt recorded as handed to an executor is dispatched again; that
// executor may still be running it. Handing it to the next poll would send it a second time
// (to the same executor, or to another that then runs it too), so it waits for its executor's
// heartbeat to claim it, and goes to the queue only if none comes within the claim window.
extension SchedulerCore {
    /// How long an executor running an attempt may go unheard and still be about to call: one
    /// heartbeat interval and a second for the call itself. A restored attempt waits this long
    /// for its executor's claim; an executor whose connection closed, this long to come back.
    static func heartbeatDue(heartbeatTimeout: Duration) -> Duration {
        AttemptDispatch.heartbeatInterval(forTimeout: heartbeatTimeout) + .seconds(1)
    }

    func awaitClaim(_ dispatch: AttemptDispatch) {
        let attemptID = dispatch.assignment.attemptID
        awaitingClaim[attemptID] = dispatch
        let window = Self.heartbeatDue(heartbeatTimeout: dispatch.heartbeatTimeout)
        Task {
            try? await Task.sleep(for: window)
            self.claimWindowEnded(attemptID)
        }
    }

    private func claimWindowEnded(_ attemptID: String) {
        guard let dispatch = awaitingClaim.removeValue(forKey: attemptID),
              let executionID = Self.executionID(of: attemptID),
              machines[executionID]?.isCurrent(attemptID: attemptID) ?? false else { return }
        logger.info("no executor claimed attempt \(attemptID) since the restart; it runs again",
                    metadata: [LogKey.executorID: "\(dispatch.heldBy)"])
        queue.append(dispatch)
        serveParkedPolls()
    }
}
