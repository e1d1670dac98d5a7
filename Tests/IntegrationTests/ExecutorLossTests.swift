import SluiceTestSupport
import Foundation
import SluiceRPC
import SluiceWire
import Testing

/// Attempts around restarts and lost executors: a restarted scheduler sends each attempt once,
/// and an executor whose process dies is noticed when its connection closes, well before the
/// heartbeat timeout (30 s unless the task sets one).
@Suite("Attempts across restarts and lost executors", .serialized)
struct ExecutorLossTests {
    typealias S = ShellSpecs

    static let nap = S.sleeper(seconds: "3")
    static let naps = S.workflow("naps", outputs: ["result": S.int], nodes: (0..<4).map { S.node("n\($0)", nap, ["x": S.future("", "n")]) }
        + [S.node("last", S.addOne, ["x": S.future("n0", "y")], upstream: ["n1", "n2", "n3"])],
        bindings: ["result": S.future("last", "y")])

    static let one = S.workflow("one-nap", outputs: ["result": S.int], nodes: [S.node("n", nap, ["x": S.future("", "n")])],
                                bindings: ["result": S.future("n", "y")])

    /// Waits until every node named has an attempt that an executor took.
    func running(_ client: AdminClient, _ id: String, _ nodes: [String]) async throws -> [String: NodeExecution] {
        for _ in 0..<500 {
            let records = try await client.nodes(id)
            if nodes.allSatisfy({ records[$0]?.attempts.last?.phase == .running }) { return records }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ServiceError(.deadlineExceeded, "the attempts did not start")
    }

    @Test("after kill -9 of the scheduler, attempts still running on their executor are not sent again")
    func restartSendsEachAttemptOnce() async throws {
        try await Cluster.with(tasks: [Self.nap, S.addOne], workflows: [Self.naps], slots: 8) { cluster, client in
            let started = try await client.start("naps", inputs: ["n": .int(4)])
            _ = try await running(client, started.id, ["n0", "n1", "n2", "n3"])
            try await cluster.restartScheduler()
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(5)])
            for (id, node) in try await client.nodes(started.id) where id.hasPrefix("n") {
                #expect(node.attempts.count == 1, "\(id) ran once: \(node.attempts.map(\.phase))")
            }
            let executorLog = await cluster.executors[0].log
            #expect(!executorLog.contains("ignored a second assignment"), "the executor was sent an attempt it already held")
        }
    }

    @Test("an executor killed mid-attempt is noticed when its connection closes; the attempt runs elsewhere in seconds")
    func deadExecutorNoticedByItsConnection() async throws {
        try await Cluster.with(tasks: [Self.nap], workflows: [Self.one], slots: 1) { cluster, client in
            let started = try await client.start("one-nap", inputs: ["n": .int(7)])
            let first = try await running(client, started.id, ["n"])["n"]?.attempts.last
            try await cluster.addExecutor()
            let killedAt = ContinuousClock.now
            await cluster.killExecutor(0)
            let ended = try await client.waitForEnd(started.id, within: .seconds(60))
            let recovery = ContinuousClock.now - killedAt
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(7)])
            let attempts = try await client.nodes(started.id)["n"]?.attempts ?? []
            #expect(attempts.count == 2)
            #expect(attempts.first?.phase == .lost)
            #expect(attempts.first?.error?.message.contains("connection closed") == true, "\(attempts.first?.error?.message ?? "")")
            #expect(attempts.last?.executorID != first?.executorID)
            // The heartbeat timeout is 30 s; a reconnect grace of 8.5 s and a 3 s task come well under.
            #expect(recovery < .seconds(20), "the attempt ran again after \(recovery)")
            // And the dead executor is no longer listed.
            let scheduler = try SchedulerClient(address: cluster.schedulerAddress, token: TestPrincipals.serviceToken)
            guard case .listExecutors(let listed) = try await scheduler.call(.listExecutors(ListExecutorsRequest())) else { return }
            #expect(!listed.executors.contains { $0.info?.executorID == first?.executorID })
            #expect(listed.executors.count == 1)
            await scheduler.close()
        }
    }
}
