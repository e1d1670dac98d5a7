import SluiceCore
import Logging
import SluiceWire
import SluiceLogging

extension Worker {
    /// Runs one attempt and delivers its result.
    func execute(_ assignment: AttemptAssignment, stop: OneShot<StopReason>, runner: AttemptRunner) async {
        var logger = self.logger
        logger[metadataKey: LogKey.attemptID] = "\(assignment.attemptID)"
        logger[metadataKey: LogKey.nodeID] = "\(assignment.nodeID)"
        logger.debug("attempt started", metadata: [LogKey.task: "\(assignment.task?.id.map { "\($0.name)@\($0.version)" } ?? "?")"])
        let startedAt = Timestamp.now()
        let began = ContinuousClock.now
        let result = await runner.run(assignment, stop: stop)
        let endedAt = Timestamp.now()
        attempts.finishRunning(assignment.attemptID)
        WorkerMetrics.duration.record(duration: ContinuousClock.now - began)
        let outcome: CompleteAttemptRequest.Outcome
        switch result {
        case .success(let outputs):
            logger.debug("attempt succeeded")
            outcome = Self.outcome(of: outputs, for: assignment)
        case .failure(let failure):
            logger.info("attempt failed", metadata: [LogKey.error: "\(failure)", LogKey.errorKind: "\(failure.kind.name)"])
            outcome = .error(ExecutionError(
                kind: failure.kind, code: failure.code, message: failure.message,
                nodeID: assignment.nodeID, attempt: assignment.attempt, stderrTail: failure.stderrTail))
        }
        if case .error = outcome { WorkerMetrics.failed.increment() } else { WorkerMetrics.succeeded.increment() }
        var completion = CompleteAttemptRequest(
            executorID: executorID, attemptID: assignment.attemptID, outcome: outcome, startedAt: startedAt, endedAt: endedAt)
        let bytes = completion.failIfTooLarge()
        let accepted = await outbox.deliver(completion, bytes: bytes)
        switch accepted {
        case true?: break
        case false?:
            logger.notice("the scheduler dropped the result: the attempt is no longer current")
            WorkerMetrics.resultsLost.increment()
        case nil:
            logger.warning("the worker stopped before the result reached the scheduler")
            WorkerMetrics.resultsLost.increment()
        }
        attempts.remove(assignment.attemptID)
    }

    /// A dynamic task's one output holds the subgraph it built, which goes to the scheduler as
    /// such (admin compiles it there); any other task's outputs go as they are.
    static func outcome(of outputs: [String: Literal], for assignment: AttemptAssignment) -> CompleteAttemptRequest.Outcome {
        guard case .dynamic? = assignment.task?.kind else { return .outputs(outputs) }
        guard let result = try? DynamicSubgraph.result(in: outputs) else {
            return .error(ExecutionError(
                kind: .user, code: "BadOutputs", message: "the dynamic task did not return a subgraph",
                nodeID: assignment.nodeID, attempt: assignment.attempt))
        }
        return .dynamic(result)
    }

    /// Sends the outbox's results until the worker stops, each call carrying everything
    /// waiting. While the scheduler is unreachable it retries them (with any new ones) after a
    /// backoff: a scheduler that is restarting must not cost a finished attempt. Results are
    /// given up only when the worker is stopped (this task cancelled) or the scheduler refuses
    /// them outright.
    func sendCompletions() async {
        var backoff = Backoff()
        // Taken from the outbox and not yet delivered, in order.
        var pending: [CompletionOutbox.Entry] = []
        while !Task.isCancelled {
            let seen = outbox.arrivals.generation
            pending += outbox.takeAll()
            guard !pending.isEmpty else {
                await outbox.arrivals.wait(after: seen)
                continue
            }
            let batch = Array(pending.prefix(CompletionBatch.count(fitting: pending.map(\.bytes))))
            pending.removeFirst(batch.count)
            let request = CompleteAttemptsRequest(completions: batch.map(\.completion))
            do {
                let response = try await client.call(.completeAttempts(request), timeout: configuration.requestTimeout) {
                    if case .completeAttempts(let response) = $0 { response } else { nil }
                }
                reachability.answered()
                backoff.reset()
                for (index, entry) in batch.enumerated() {
                    entry.delivered.resume(returning: index < response.accepted.count && response.accepted[index])
                }
            } catch {
                if let error = error as? ServiceError, SchedulerReachability.isUnreachable(error), !Task.isCancelled {
                    reachability.failed(error)
                    pending.insert(contentsOf: batch, at: 0)
                    do { try await Task.sleep(for: backoff.next()) } catch { break }
                    continue
                }
                if Task.isCancelled || error is CancellationError {
                    pending.insert(contentsOf: batch, at: 0)
                    break
                }
                logger.error("the scheduler refused \(batch.count) results", metadata: [LogKey.error: "\(error)"])
                for entry in batch { entry.delivered.resume(returning: nil) }
            }
        }
        for entry in pending { entry.delivered.resume(returning: nil) }
        outbox.close()
    }
}
