import Logging
import SluiceWire

extension Worker {
    /// Runs one attempt and delivers its result.
    func execute(_ assignment: AttemptAssignment, stop: OneShot<StopReason>, runner: AttemptRunner) async {
        var logger = self.logger
        logger[metadataKey: "sluice.attempt.id"] = "\(assignment.attemptID)"
        logger[metadataKey: "sluice.node.id"] = "\(assignment.nodeID)"
        logger.debug("attempt started", metadata: ["task": "\(assignment.task?.id.map { "\($0.name)@\($0.version)" } ?? "?")"])
        let startedAt = Timestamp.now()
        let result = await runner.run(assignment, stop: stop)
        let endedAt = Timestamp.now()
        attempts.finishRunning(assignment.attemptID)
        let outcome: CompleteAttemptRequest.Outcome
        switch result {
        case .success(let outputs):
            logger.debug("attempt succeeded")
            outcome = .outputs(outputs)
        case .failure(let failure):
            logger.info("attempt failed", metadata: ["error": "\(failure)", "kind": "\(failure.kind.name)"])
            outcome = .error(ExecutionError(
                kind: failure.kind, code: failure.code, message: failure.message,
                nodeID: assignment.nodeID, attempt: assignment.attempt, stderrTail: failure.stderrTail))
        }
        await deliver(CompleteAttemptRequest(
            executorID: executorID, attemptID: assignment.attemptID, outcome: outcome, startedAt: startedAt, endedAt: endedAt),
            logger: logger)
        attempts.remove(assignment.attemptID)
    }

    /// Sends a result until the scheduler answers: a scheduler that is restarting must not cost
    /// a finished attempt. Gives up only when the worker is stopped (its task cancelled) or the
    /// scheduler refuses the result outright.
    private func deliver(_ completion: CompleteAttemptRequest, logger: Logger) async {
        var backoff = Backoff()
        while true {
            do {
                let response = try await client.call(.completeAttempt(completion), timeout: configuration.requestTimeout) {
                    if case .completeAttempt(let response) = $0 { response } else { nil }
                }
                reachability.answered()
                if !response.accepted {
                    logger.notice("the scheduler dropped the result: the attempt is no longer current")
                }
                return
            } catch {
                if let error = error as? ServiceError, SchedulerReachability.isUnreachable(error), !Task.isCancelled {
                    reachability.failed(error)
                    do { try await Task.sleep(for: backoff.next()) } catch { break }
                    continue
                }
                if Task.isCancelled || error is CancellationError { break }
                if let error = error as? ServiceError, error.code == .stale {
                    logger.notice("the scheduler dropped the result: the attempt is no longer current")
                } else {
                    logger.error("the scheduler refused the result", metadata: ["error": "\(error)"])
                }
                return
            }
        }
        logger.warning("the worker stopped before the result reached the scheduler")
    }
}
