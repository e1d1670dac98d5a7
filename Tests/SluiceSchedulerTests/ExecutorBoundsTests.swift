import Logging
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("What executors send, bounded")
struct ExecutorBoundsTests {
    static func service() throws -> SchedulerService {
        SchedulerService(core: SchedulerCore(admin: try AdminClient(address: "tcp://127.0.0.1:1"), logger: Logger(label: "test")))
    }

    static func refusal(_ service: SchedulerService, _ call: SchedulerRequest.Call) async -> ServiceError? {
        do {
            _ = try await service.handle(call, context: RPCCallContext(logger: Logger(label: "test")))
            return nil
        } catch {
            return error as? ServiceError
        }
    }

    @Test("an executor id over 256 bytes is refused naming the field, and the executor is not listed")
    func longExecutorIDsAreRefused() async throws {
        let service = try Self.service()
        let huge = String(repeating: "e", count: 100_000)
        let poll = await Self.refusal(service, .pollAttempts(PollAttemptsRequest(
            executor: ExecutorInfo(executorID: huge, runsShell: true), freeSlots: 1)))
        #expect(poll?.code == .invalidArgument)
        #expect(poll?.details.first?.field == "executor.executor_id")
        #expect(poll?.message == "poll_attempts: executor.executor_id is 100000 bytes long; at most 256 are allowed")
        let heartbeat = await Self.refusal(service, .heartbeat(HeartbeatRequest(
            executorID: "e1", attemptIDs: Array(repeating: "a", count: 10_001))))
        #expect(heartbeat?.details.first?.field == "attempt_ids")
        guard case .listExecutors(let listed) = try await service.handle(.listExecutors(ListExecutorsRequest()), context: RPCCallContext(logger: Logger(label: "test")))
        else { Issue.record("not a list_executors reply"); return }
        #expect(listed.executors.isEmpty)
    }
}
