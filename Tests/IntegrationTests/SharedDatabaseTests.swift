import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// Several admins over one PostgreSQL database, as a deployment that outgrows one admin runs
/// them: the scheduler follows one admin's work feed while clients use another, and each
/// admin's long polls wake for what the other commits (PostgreSQL's LISTEN/NOTIFY).
@Suite("Several admins over one PostgreSQL database", .serialized, .loadsTheMachine)
struct SharedDatabaseTests {
    typealias S = ShellSpecs

    @Test("a client of the second admin starts, signals and follows executions that the scheduler runs through the first")
    func twoAdminsShareTheWork() async throws {
        let cluster = try await Cluster.start(executors: 1, store: .postgres)
        let second = try await cluster.addAdmin()
        let first = try AdminClient(address: cluster.adminAddress, token: TestPrincipals.adminToken)
        let other = try AdminClient(address: second.address, token: TestPrincipals.adminToken)
        do {
            try await other.register(tasks: [S.addOne], workflows: [GateEndToEndTests.signalled])
            for round in 1...3 {
                let started = try await other.start("signalled", inputs: ["n": .int(0)])
                let paused = try await eventually("the gate pauses") {
                    try await other.nodes(started.id)["wait"]?.phase == .paused
                }
                #expect(paused)
                let seen = try await events(other, of: started.id, after: 0, waitMs: 0).lastSequence
                // A long poll on the second admin, woken by events the scheduler records through the first.
                async let woken = timed { try await events(other, of: started.id, after: seen, waitMs: 20_000) }
                let signalled = ContinuousClock.now
                // The signal goes into the feed through the second admin; the scheduler, waiting
                // on the first admin's feed (10 s polls), hears of it at once.
                _ = try await other.call(.setSignal(SetSignalRequest(executionID: started.id, signalID: "size", value: .int(Int64(round)))))
                let (reply, waited) = try await woken
                #expect(!reply.events.isEmpty, "the second admin's long poll woke with the events")
                #expect(waited < .seconds(15), "the second admin's long poll waited \(waited)")
                let ended = try await other.waitForEnd(started.id, within: .seconds(30))
                #expect(ended.outputs == ["result": .int(Int64(round) + 1)])
                #expect(ContinuousClock.now - signalled < .seconds(8), "signal to end took \(ContinuousClock.now - signalled)")
                #expect(try await first.execution(started.id).phase == .succeeded)
            }
            // An execution created through the first admin is listed by the second.
            let direct = try await first.start("signalled", inputs: ["n": .int(0)])
            guard case .listExecutions(let listed) = try await other.call(.listExecutions(ListExecutionsRequest())) else {
                throw ServiceError.internal("not a list_executions reply")
            }
            #expect(listed.executions.map(\.id).contains(direct.id))
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await first.close()
        await other.close()
        await cluster.stop()
    }

    private func events(_ client: AdminClient, of id: String, after: UInt64, waitMs: UInt32) async throws -> GetEventsResponse {
        guard case .getEvents(let reply) = try await client.call(
            .getEvents(GetEventsRequest(executionID: id, afterSequence: after, limit: 1000, waitMs: waitMs)), timeout: .seconds(30))
        else { throw ServiceError.internal("not a get_events reply") }
        return reply
    }

    private func timed<T: Sendable>(_ body: () async throws -> T) async throws -> (T, Duration) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, ContinuousClock.now - start)
    }

    private func eventually(_ what: String, _ check: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
