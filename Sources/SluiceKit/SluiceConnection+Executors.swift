import SluiceRPC
import SluiceWire

extension SluiceConnection {
    /// The executors polling the scheduler: who they are, what they run, when each was last
    /// seen and the attempts it holds.
    public func executors(timeout: Duration = .seconds(5)) async throws -> [ExecutorStatus] {
        try await scheduler.call(.listExecutors(ListExecutorsRequest()), timeout: timeout) {
            if case .listExecutors(let list) = $0 { list.executors } else { nil }
        }
    }
}
