import Logging
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire

/// A scheduler core whose admin is a fake served on a free port, for the time of `body`.
func withCore<Admin: RPCService>(
    admin: Admin, _ body: (SchedulerCore) async throws -> Void
) async throws where Admin.Request == AdminRequest, Admin.Response == AdminResponse {
    let server = try RPCServer(service: admin, listeningOn: ["tcp://127.0.0.1:0"], authenticator: .off, logger: Logger(label: "test"))
    server.start()
    let core = SchedulerCore(admin: try AdminClient(address: server.addresses[0]), logger: Logger(label: "test"))
    do {
        try await body(core)
    } catch {
        await server.close()
        throw error
    }
    await server.close()
}

/// Polls as a shell executor until some attempts are handed out (or 10 s pass), then once more
/// briefly for any that follow; returns them all.
func pollUntilHandedOut(_ core: SchedulerCore, as executorID: String = "e1") async throws -> [AttemptAssignment] {
    let request = PollAttemptsRequest(executor: ExecutorInfo(executorID: executorID, runsShell: true), freeSlots: 10, waitMs: 200)
    var handedOut: [AttemptAssignment] = []
    let deadline = ContinuousClock.now + .seconds(10)
    while handedOut.isEmpty, ContinuousClock.now < deadline {
        handedOut += await core.pollAttempts(request)
    }
    return handedOut + (await core.pollAttempts(request))
}
