import SluiceRPC
import SluiceWire

extension SchedulerService {
    /// Executors' calls need the service role (and act only on the executor the caller
    /// registered; see ``SchedulerCore``); people may list the executors.
    public func access(for call: SchedulerRequest.Call) -> CallAccess {
        switch call {
        case .health: .anyone
        case .listExecutors: .read
        case .pollAttempts, .heartbeat, .completeAttempt, .completeAttempts, .leave: .service
        }
    }
}
