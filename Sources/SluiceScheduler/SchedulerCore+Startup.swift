import SluiceEngine
import SluiceWire

// A restarted scheduler takes over the active executions one by one. Meanwhile its executors
// go on: they heartbeat attempts and complete them, for executions it does not hold yet.
// Cancelling those attempts, or dropping those results, would run the tasks again; instead the
// heartbeats are kept as claims and the results kept for when their execution is taken over.
extension SchedulerCore {
    /// The most results kept for executions not taken over yet.
    static let mostEarlyCompletions = 10_000

    /// The follower has taken over every execution admin listed as active: a report for an
    /// execution still unknown is for one that has ended.
    public func tookOverActiveExecutions() {
        takingOver = false
        earlyCompletions.removeAll()
    }

    /// Whether a heartbeat or result for an attempt of an execution this scheduler does not
    /// hold should wait for the takeover rather than be refused.
    func isEarly(_ executionID: String) -> Bool {
        takingOver && machines[executionID] == nil
    }

    /// Keeps a result for an execution not taken over yet; false when too many are kept.
    func keepEarly(_ completion: CompleteAttemptRequest) -> Bool {
        guard earlyCompletions.count < Self.mostEarlyCompletions else { return false }
        earlyCompletions.append(completion)
        return true
    }

    /// Applies the results kept for an execution just taken over.
    func applyEarlyCompletions(of executionID: String) {
        guard !earlyCompletions.isEmpty else { return }
        let mine = earlyCompletions.filter { Self.executionID(of: $0.attemptID) == executionID }
        guard !mine.isEmpty else { return }
        earlyCompletions.removeAll { Self.executionID(of: $0.attemptID) == executionID }
        _ = complete(mine)
    }

    /// A dispatch of an attempt an executor claimed in a heartbeat before the takeover: it is
    /// that executor's, at once.
    func claimedEarly(_ dispatch: AttemptDispatch, executionID: String) -> Bool {
        guard let executorID = earlyClaims.removeValue(forKey: dispatch.assignment.attemptID) else { return false }
        claim(dispatch, by: executorID, executionID: executionID)
        return true
    }
}
