import Foundation
import SluiceRPC
import SluiceTransport
import SluiceWire
import SluiceTestSupport
import Testing

/// Long polls whose callers gave up, sent to real services as a plain protobuf client would
/// (no timeout in the header, the longest wait there is): admin and the scheduler answer others
/// as quickly as ever while they are outstanding, and executions still run.
@Suite("Abandoned long polls on real services", .serialized, .needsQuietMachine)
struct AbandonedPollTests {
    typealias S = ShellSpecs

    static let one = S.workflow("one", outputs: ["result": S.int], nodes: [
        S.node("a", S.addOne, ["x": S.future("", "n")]),
    ], bindings: ["result": S.future("a", "y")])

    /// Sends `count` copies of `request` over `connections` connections, each given up on after
    /// half a second; returns the clients, their connections still open.
    static func abandon(_ count: Int, of request: [UInt8], to address: String, over connections: Int) async throws -> [RequestClient] {
        let clients = try (0..<connections).map { _ in try RequestClient(dialing: address) }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let client = clients[index % connections]
                group.addTask { _ = try? await client.request(request, timeout: .milliseconds(500)) }
            }
        }
        return clients
    }

    /// The slowest of ten health calls from a new client.
    static func slowestHealth<Request, Response>(_ client: RPCClient<Request, Response>) async throws -> Duration {
        var slowest = Duration.zero
        for _ in 0..<10 {
            let started = ContinuousClock.now
            #expect(try await client.health(timeout: .seconds(10)).status == .serving)
            slowest = max(slowest, ContinuousClock.now - started)
        }
        return slowest
    }

    @Test("1,000 abandoned long polls each on admin and the scheduler: health answers at once and a workflow runs")
    func abandonedPolls() async throws {
        try await Cluster.with(tasks: [S.addOne], workflows: [Self.one]) { cluster, client in
            // Nothing after the largest cursor: each waits the longest time admin allows.
            let pollWork = try AdminRequest(
                header: RequestHeader(protocolVersion: 1),
                call: .pollWork(PollWorkRequest(afterCursor: .max, waitMs: .max))).serializedBytes()
            // From an executor of a pool no task uses, so that no attempt goes to a poll nobody reads.
            let executor = ExecutorInfo(executorID: "abandoner", pool: "nowhere", runsShell: true, slots: 1)
            let pollAttempts = try SchedulerRequest(
                header: RequestHeader(protocolVersion: 1),
                call: .pollAttempts(PollAttemptsRequest(executor: executor, freeSlots: 1, waitMs: .max))).serializedBytes()

            let adminCallers = try await Self.abandon(1000, of: pollWork, to: cluster.adminAddress, over: 10)
            let schedulerCallers = try await Self.abandon(1000, of: pollAttempts, to: cluster.schedulerAddress, over: 10)

            let scheduler = try SchedulerClient(address: cluster.schedulerAddress, token: TestPrincipals.serviceToken)
            let adminHealth = try await Self.slowestHealth(client)
            let schedulerHealth = try await Self.slowestHealth(scheduler)
            #expect(adminHealth < .seconds(2), "admin's slowest health call took \(adminHealth)")
            #expect(schedulerHealth < .seconds(2), "the scheduler's slowest health call took \(schedulerHealth)")
            await scheduler.close()

            let started = try await client.start("one", inputs: ["n": .int(1)])
            let ended = try await client.waitForEnd(started.id, within: .seconds(30))
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(2)])

            for caller in adminCallers + schedulerCallers { await caller.close() }
        }
    }
}
