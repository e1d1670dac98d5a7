import SluiceWire
import SluiceLogging

extension Worker {
    /// The heartbeat used when no running attempt asks for another interval.
    static let defaultHeartbeatInterval = Duration.seconds(1)

    /// Every heartbeat interval, tells the scheduler which attempts this worker holds, and stops
    /// the ones it answers to cancel.
    func heartbeatUntilCancelled() async {
        while !Task.isCancelled {
            let interval = max(attempts.heartbeatInterval ?? Self.defaultHeartbeatInterval, .milliseconds(50))
            do { try await Task.sleep(for: interval) } catch { return }
            let held = attempts.attemptIDs
            guard !held.isEmpty else { continue }
            do {
                let response = try await client.call(
                    .heartbeat(HeartbeatRequest(executorID: executorID, attemptIDs: held)), timeout: configuration.requestTimeout
                ) {
                    if case .heartbeat(let response) = $0 { response } else { nil }
                }
                reachability.answered()
                if !response.cancelAttemptIDs.isEmpty {
                    logger.notice("the scheduler cancelled attempts", metadata: [LogKey.attemptID: "\(response.cancelAttemptIDs.joined(separator: ","))"])
                    attempts.stop(response.cancelAttemptIDs, reason: .cancelledByScheduler)
                }
            } catch is CancellationError {
                return
            } catch {
                if let error = error as? ServiceError, SchedulerReachability.isUnreachable(error) {
                    reachability.failed(error)
                } else {
                    logger.warning("the scheduler refused a heartbeat", metadata: [LogKey.error: "\(error)"])
                }
            }
        }
    }
}
