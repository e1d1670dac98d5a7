// Answering parked polls whose wait ran out.
extension SchedulerCore {
    /// Makes sure the expiry timer fires by `deadline`. One timer serves every parked poll: a
    /// sleeping task per poll would set and later fire a timer for each attempt handed out,
    /// although almost every poll is answered with work long before its wait ends.
    func armPollExpiry(for deadline: ContinuousClock.Instant) {
        if let armed = pollExpiryAt, armed <= deadline, pollExpiryTask != nil { return }
        pollExpiryTask?.cancel()
        pollExpiryAt = deadline
        pollExpiryTask = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { return }
            self.expireDuePolls()
        }
    }

    /// Answers the polls whose deadline has passed, then re-arms for the earliest left.
    private func expireDuePolls() {
        pollExpiryTask = nil
        pollExpiryAt = nil
        let now = ContinuousClock.now
        for (id, poll) in parked where poll.deadline <= now {
            expirePoll(id)
        }
        if let next = parked.values.lazy.map(\.deadline).min() {
            armPollExpiry(for: next)
        }
    }
}
