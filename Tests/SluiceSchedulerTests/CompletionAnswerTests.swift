import Logging
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("Results for attempts the scheduler never handed out")
struct CompletionAnswerTests {
    static func complete(_ service: SchedulerService, _ attemptID: String) async -> Result<Bool, ServiceError> {
        do {
            let reply = try await service.handle(
                .completeAttempt(CompleteAttemptRequest(executorID: "e1", attemptID: attemptID, outcome: .outputs([:]))),
                context: RPCCallContext(logger: Logger(label: "test")))
            guard case .completeAttempt(let answer) = reply else { return .failure(.internal("not a complete_attempt reply")) }
            return .success(answer.accepted)
        } catch {
            return .failure(error as? ServiceError ?? .internal("\(error)"))
        }
    }

    @Test("an unknown attempt is NOT_FOUND saying why; a stale one is not accepted")
    func unknownIsNotStale() async throws {
        try await withCore(admin: RefusingAdmin()) { core in
            let service = SchedulerService(core: core)
            await core.adopt(RefusedEventsTests.state(of: "ex-held"))
            await core.tookOverActiveExecutions()

            let malformed = await Self.complete(service, "nonsense")
            #expect(malformed.failure?.code == .notFound)
            #expect(malformed.failure?.message.contains("is not an attempt id the scheduler hands out") == true)
            let neverGiven = await Self.complete(service, "ex-held:work:7")
            #expect(neverGiven.failure?.code == .notFound)
            #expect(neverGiven.failure?.message == "complete_attempt: execution ex-held has had no attempt ex-held:work:7")
            let noSuchNode = await Self.complete(service, "ex-held:nobody:1")
            #expect(noSuchNode.failure?.code == .notFound)
            // An execution no longer held may have had it: stale, not unknown.
            #expect(await Self.complete(service, "ex-ended:work:1").success == false)
        }
    }
}

@Suite("Reports that arrive before a restarted scheduler has taken over their execution")
struct TakeoverTests {
    @Test("a heartbeat is not told to cancel, and a result is kept and applied once the execution is taken over")
    func reportsBeforeTakeover() async throws {
        let admin = RefusingAdmin()
        try await withCore(admin: admin) { core in
            let attemptID = "ex-late:work:1"
            #expect(await core.heartbeat(HeartbeatRequest(executorID: "e1", attemptIDs: [attemptID])).isEmpty)
            #expect(await core.complete([CompleteAttemptRequest(executorID: "e1", attemptID: attemptID, outcome: .outputs(["y": .int(2)]))]) == [true])

            // Taken over as admin recorded it: the attempt handed to e1 and running there.
            var state = RefusedEventsTests.state(of: "ex-late")
            state.execution?.phase = .running
            state.nodes = [NodeExecution(
                executionID: "ex-late", nodeID: "work", kind: .task, phase: .running,
                attempts: [TaskAttempt(number: 1, phase: .running, attemptID: attemptID, executorID: "e1")])]
            await core.adopt(state)
            await core.tookOverActiveExecutions()
            // Generous: the whole suite runs beside this test on two cores; it ends when it is there.
            let deadline = ContinuousClock.now + .seconds(20)
            var recorded: [Event] = []
            while ContinuousClock.now < deadline {
                recorded = admin.recorded.events.withLock { $0 }
                if recorded.contains(where: { if case .node(let node) = $0.kind { node.nodeID == "work" && node.phase == .succeeded } else { false } }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let attempts = recorded.compactMap { event -> AttemptEvent? in if case .attempt(let change) = event.kind { change } else { nil } }
            #expect(attempts.map(\.phase) == [.succeeded], "the kept result was applied, and the attempt not run again")
        }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
    var success: Success? { if case .success(let value) = self { value } else { nil } }
}
