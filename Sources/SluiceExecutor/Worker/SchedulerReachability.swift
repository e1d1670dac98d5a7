import Logging
import Synchronization
import SluiceWire
import SluiceLogging

/// Logs once when the scheduler stops answering and once when it answers again, however many
/// polls, heartbeats and completions fail in between.
final class SchedulerReachability: Sendable {
    private let unreachable = Mutex(false)
    private let logger: Logger
    private let address: String

    init(address: String, logger: Logger) {
        self.address = address
        self.logger = logger
    }

    /// Whether the error means the scheduler could not be reached (worth retrying).
    static func isUnreachable(_ error: any Error) -> Bool {
        guard let error = error as? ServiceError else { return false }
        return error.code == .unavailable || error.code == .deadlineExceeded
    }

    func failed(_ error: ServiceError) {
        let first = unreachable.withLock { wasUnreachable in
            defer { wasUnreachable = true }
            return !wasUnreachable
        }
        if first {
            logger.warning("the scheduler does not answer; retrying until it does", metadata: [
                LogKey.schedulerAddress: "\(address)", LogKey.error: "\(error.message)",
            ])
        }
    }

    func answered() {
        let wasUnreachable = unreachable.withLock { wasUnreachable in
            defer { wasUnreachable = false }
            return wasUnreachable
        }
        if wasUnreachable {
            logger.notice("the scheduler answers again", metadata: [LogKey.schedulerAddress: "\(address)"])
        }
    }
}
