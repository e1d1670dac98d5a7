import SluiceWire
import SluiceLogging

extension Worker {
    /// Long-polls for attempts whenever a slot is free, handing each new one to `start`, until a
    /// drain begins. While the scheduler is down it retries with backoff; an attempt a poll
    /// returns is always started, even when a drain began meanwhile, so none is dropped (unless
    /// the drain found the scheduler unreachable and gave the poll up).
    func pollUntilDraining(start: (AttemptAssignment, OneShot<StopReason>) -> Void) async {
        let info = ExecutorIdentity.info(for: configuration)
        let waitMilliseconds = configuration.pollWait.clampedMilliseconds
        var backoff = Backoff()
        while !isDraining, !Task.isCancelled {
            let seen = attempts.changes.generation
            let free = configuration.slots - attempts.runningCount
            guard free > 0 else {
                await attempts.changes.wait(after: seen)
                continue
            }
            let request = PollAttemptsRequest(executor: info, freeSlots: UInt32(free), waitMs: waitMilliseconds)
            let response: PollAttemptsResponse
            do {
                response = try await givenUpWhenTheSchedulerIsGone {
                    try await self.client.call(.pollAttempts(request), timeout: self.configuration.pollWait + self.configuration.requestTimeout) {
                        if case .pollAttempts(let response) = $0 { response } else { nil }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if let error = error as? ServiceError, SchedulerReachability.isUnreachable(error) {
                    reachability.failed(error)
                } else {
                    logger.error("the scheduler refused a poll", metadata: [LogKey.error: "\(error)"])
                }
                await pause(backoff.next())
                continue
            }
            reachability.answered()
            backoff.reset()
            for assignment in response.attempts {
                guard let stop = attempts.begin(assignment) else {
                    logger.warning("ignored a second assignment of an attempt already held", metadata: [LogKey.attemptID: "\(assignment.attemptID)"])
                    continue
                }
                start(assignment, stop)
            }
        }
    }

    /// A poll, or CancellationError once a drain has found the scheduler unreachable: waiting out
    /// the poll's timeout would only hold up the drain (a container's stop, say), and an attempt
    /// the scheduler assigned meanwhile goes back to its queue when its heartbeats stop, as for
    /// any executor that goes away.
    private func givenUpWhenTheSchedulerIsGone<T: Sendable>(_ poll: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await poll() }
            group.addTask {
                _ = await self.schedulerGoneWhileDraining.wait()
                return nil
            }
            defer { group.cancelAll() }
            guard case let value?? = try await group.next() else { throw CancellationError() }
            return value
        }
    }

    /// Once a drain begins: tells the scheduler (one try: a scheduler that is down learns it
    /// from the missing polls; the poll still waiting on it is given up), and stops what still
    /// runs when the drain deadline passes.
    func leaveWhenDraining() async {
        guard await drainRequested.wait() != nil else { return }
        let deadline = configuration.drainTimeout.map { ContinuousClock.now + $0 }
        do {
            _ = try await client.call(.leave(LeaveRequest(executorID: executorID)), timeout: configuration.requestTimeout)
            reachability.answered()
        } catch is CancellationError {
            return
        } catch {
            logger.notice("could not tell the scheduler this executor is leaving", metadata: [LogKey.error: "\(error)"])
            if SchedulerReachability.isUnreachable(error) {
                _ = schedulerGoneWhileDraining.fire(())
            }
        }
        guard let deadline else { return }
        do { try await Task.sleep(until: deadline) } catch { return }
        logger.warning("the drain deadline passed; stopping the attempts still running", metadata: [LogKey.count: "\(attempts.runningCount)"])
        attempts.stopAll(reason: .executorStopping)
    }
}
