/// Why a running attempt is stopped before it ends by itself.
enum StopReason: Sendable {
    /// The scheduler answered a heartbeat naming it (aborted, timed out there, or superseded).
    case cancelledByScheduler
    /// The worker's drain deadline passed.
    case executorStopping

    var failure: TaskFailure {
        switch self {
        case .cancelledByScheduler:
            TaskFailure(kind: .system, code: "Cancelled", message: "the scheduler cancelled the attempt")
        case .executorStopping:
            TaskFailure(kind: .system, code: "ExecutorStopped", message: "the executor stopped before the attempt finished")
        }
    }
}
