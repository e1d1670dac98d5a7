import Foundation
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

/// kill -9 of each service in the middle of a workflow of hundreds of tasks: the execution
/// still finishes with the right outputs, and no node records two successful attempts.
@Suite("Crash recovery", .serialized, .loadsTheMachine)
struct CrashRecoveryTests {
    typealias S = ShellSpecs
    static let width = 240

    static let work = S.task(
        "work", inputs: ["x": S.int], outputs: ["y": S.int], script: "x={{inputs.x}}; sleep 0.05; echo $(( x + 1 ))",
        heartbeatTimeout: .seconds(2))

    static let workflow = S.workflow(
        "wide", outputs: ["total": S.int],
        nodes: (0..<width).map { S.node("w\($0)", work, ["x": .literal(.int(Int64($0)))]) }
            + [S.node("total", S.sum, ["values": .collection((0..<width).map { S.future("w\($0)", "y") })])],
        bindings: ["total": S.future("total", "total")])

    /// 1 + 2 + ... + width.
    static let expectedTotal = Int64(width * (width + 1) / 2)

    enum Victim { case scheduler, admin, executor }

    @Test("The execution survives kill -9 of a service mid-run", arguments: [Victim.scheduler, .admin, .executor], StoreKind.allCases)
    func survives(_ victim: Victim, _ store: StoreKind) async throws {
        let cluster = try await Cluster.start(executors: 1, slots: 8, store: store)
        let client = try AdminClient(address: cluster.adminAddress, token: TestPrincipals.adminToken)
        do {
            try await client.register(tasks: [Self.work, S.sum], workflows: [Self.workflow])
            let started = try await client.start("wide", inputs: ["n": .int(0)])
            try await waitForProgress(client, started.id, succeeded: Self.width / 4)
            switch victim {
            case .scheduler:
                try await cluster.restartScheduler()
            case .admin:
                try await cluster.restartAdmin()
            case .executor:
                await cluster.killExecutor(0)
                try await cluster.addExecutor(slots: 8)
            }
            let ended = try await client.waitForEnd(started.id, within: .seconds(120))
            let logs = await cluster.logs()
            #expect(ended.phase == .succeeded, "\(logs)")
            #expect(ended.outputs == ["total": .int(Self.expectedTotal)])
            let nodes = try await client.nodes(started.id)
            #expect(nodes.count == Self.width + 1)
            let doubled = nodes.values.filter { $0.attempts.filter { $0.phase == .succeeded }.count > 1 }
            #expect(doubled.isEmpty, "nodes with two successful attempts: \(doubled.map(\.nodeID))")
            for node in nodes.values where node.nodeID.hasPrefix("w") {
                let index = Int64(node.nodeID.dropFirst())!
                #expect(node.outputs == ["y": .int(index + 1)])
            }
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await client.close()
        await cluster.stop()
    }

    private func waitForProgress(_ client: AdminClient, _ id: String, succeeded: Int) async throws {
        for _ in 0..<600 {
            let done = try await client.nodes(id).values.filter { $0.phase == .succeeded }.count
            if done >= succeeded { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServiceError(.deadlineExceeded, "the execution made no progress")
    }
}
