import Foundation
import Logging
import SluiceRPC
import SluiceWire
import Synchronization

/// What the fake scheduler has been asked, and what it will hand out.
struct FakeSchedulerState: Sendable {
    var queue: [AttemptAssignment] = []
    var polls: [PollAttemptsRequest] = []
    var heartbeats: [HeartbeatRequest] = []
    var completions: [CompleteAttemptRequest] = []
    var leaves: [String] = []
    /// Attempt ids the next heartbeats answer to cancel.
    var cancelOnHeartbeat: Set<String> = []
}

/// A scheduler for the executor's tests: hands out the assignments a test queues (long-polling
/// like the real one), records every call, and answers heartbeats with the cancellations a test
/// asks for. One state can outlive the servers serving it (to restart on the same port).
final class FakeScheduler: Sendable {
    let state = Mutex(FakeSchedulerState())

    func enqueue(_ assignments: AttemptAssignment...) {
        state.withLock { $0.queue.append(contentsOf: assignments) }
    }

    func read<T>(_ read: (FakeSchedulerState) -> T) -> T {
        state.withLock { read($0) }
    }

    /// Waits until `extract` finds something, or fails the test after `limit`.
    func wait<T>(
        for what: String, within limit: Duration = .seconds(30), _ extract: (FakeSchedulerState) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let found = state.withLock({ extract($0) }) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("the fake scheduler saw no \(what) within \(limit)")
    }

    /// The completion of one attempt, once it arrives.
    func completion(of attemptID: String, within limit: Duration = .seconds(30)) async throws -> CompleteAttemptRequest {
        try await wait(for: "completion of \(attemptID)", within: limit) { state in
            state.completions.first { $0.attemptID == attemptID }
        }
    }

    /// Serves this state on `address` until the returned server is stopped.
    func serve(on address: String = "tcp://127.0.0.1:0") throws -> FakeSchedulerServer {
        try FakeSchedulerServer(scheduler: self, address: address)
    }
}

struct FakeSchedulerService: RPCService {
    typealias Request = SchedulerRequest
    typealias Response = SchedulerResponse
    // A stand-in served with authentication off: every call is open.
    func access(for call: Request.Call) -> CallAccess { .anyone }

    let name = "scheduler"
    let scheduler: FakeScheduler

    func handle(_ call: SchedulerRequest.Call, context: RPCCallContext) async throws -> SchedulerResponse.Reply {
        switch call {
        case .health:
            return .health(HealthResponse(service: "scheduler"))
        case .pollAttempts(let poll):
            scheduler.state.withLock { $0.polls.append(poll) }
            return .pollAttempts(PollAttemptsResponse(attempts: await longPoll(poll)))
        case .heartbeat(let heartbeat):
            let cancel = scheduler.state.withLock { state in
                state.heartbeats.append(heartbeat)
                return heartbeat.attemptIDs.filter(state.cancelOnHeartbeat.contains)
            }
            return .heartbeat(HeartbeatResponse(cancelAttemptIDs: cancel))
        case .completeAttempt(let completion):
            scheduler.state.withLock { $0.completions.append(completion) }
            return .completeAttempt(CompleteAttemptResponse(accepted: true))
        case .completeAttempts(let batch):
            scheduler.state.withLock { $0.completions += batch.completions }
            return .completeAttempts(CompleteAttemptsResponse(accepted: batch.completions.map { _ in true }))
        case .leave(let leave):
            scheduler.state.withLock { $0.leaves.append(leave.executorID) }
            return .leave(LeaveResponse())
        case .listExecutors:
            throw ServiceError.unimplemented("the fake scheduler lists no executors")
        }
    }

    /// Up to free_slots queued assignments, waiting up to wait_ms for some; an executor that
    /// has left gets an answer at once.
    private func longPoll(_ poll: PollAttemptsRequest) async -> [AttemptAssignment] {
        let executorID = poll.executor?.executorID ?? ""
        let deadline = ContinuousClock.now + .milliseconds(Int(poll.waitMs))
        while true {
            let (taken, left) = scheduler.state.withLock { state in
                let count = min(Int(poll.freeSlots), state.queue.count)
                let taken = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return (taken, state.leaves.contains(executorID))
            }
            if !taken.isEmpty || left || ContinuousClock.now >= deadline { return taken }
            do { try await Task.sleep(for: .milliseconds(10)) } catch { return [] }
        }
    }
}

/// One fake scheduler listening; `stop()` closes the socket (to simulate a scheduler going down).
final class FakeSchedulerServer: Sendable {
    let address: String
    private let server: RPCServer<FakeSchedulerService>
    private let serving: Task<Void, any Error>

    init(scheduler: FakeScheduler, address: String) throws {
        server = try RPCServer(
            service: FakeSchedulerService(scheduler: scheduler), listeningOn: [address], authenticator: .off,
            logger: Logger(label: "sluice.test.scheduler"))
        server.start()
        let server = self.server
        serving = Task { try await server.run() }
        self.address = server.addresses[0]
    }

    func stop() async {
        serving.cancel()
        _ = await serving.result
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
