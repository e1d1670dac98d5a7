import Foundation
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

/// Workflows run end to end on real processes: admin, scheduler and the stock shell executor.
@Suite("Executions on real services", .serialized, .loadsTheMachine)
struct ExecutionTests {
    typealias S = ShellSpecs

    /// Starts a cluster, registers the specs, runs the body, and stops the cluster (with its
    /// logs attached to any failure).
    func withCluster(
        tasks: [TaskSpec], workflows: [WorkflowSpec], executors: Int = 1, store: StoreKind = .sqlite,
        _ body: (Cluster, AdminClient) async throws -> Void
    ) async throws {
        try await Cluster.with(tasks: tasks, workflows: workflows, executors: executors, store: store, body)
    }

    @Test("A chain feeds each task the previous one's output", arguments: StoreKind.allCases)
    func chain(_ store: StoreKind) async throws {
        let workflow = S.workflow("chain", outputs: ["result": S.int], nodes: [
            S.node("a", S.addOne, ["x": S.future("", "n")]),
            S.node("b", S.addOne, ["x": S.future("a", "y")]),
            S.node("c", S.addOne, ["x": S.future("b", "y")]),
        ], bindings: ["result": S.future("c", "y")])
        try await withCluster(tasks: [S.addOne], workflows: [workflow], store: store) { _, client in
            let started = try await client.start("chain", inputs: ["n": .int(40)])
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(43)])
            let nodes = try await client.nodes(started.id)
            #expect(nodes["c"]?.inputs == ["x": .int(42)])
            #expect(nodes.values.allSatisfy { $0.phase == .succeeded && $0.attempts.count == 1 })
        }
    }

    @Test("A fan-out runs in parallel and the fan-in sums every branch", arguments: StoreKind.allCases)
    func fanOutFanIn(_ store: StoreKind) async throws {
        let branches = (1...8).map { "b\($0)" }
        let workflow = S.workflow("fan", outputs: ["total": S.int], nodes:
            [S.node("a", S.addOne, ["x": S.future("", "n")])]
            + branches.map { S.node($0, S.addOne, ["x": S.future("a", "y")]) }
            + [S.node("total", S.sum, ["values": .collection(branches.map { S.future($0, "y") })])],
            bindings: ["total": S.future("total", "total")])
        try await withCluster(tasks: [S.addOne, S.sum], workflows: [workflow], store: store) { _, client in
            let started = try await client.start("fan", inputs: ["n": .int(1)])
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["total": .int(8 * 3)])
        }
    }

    @Test("A branch runs the case that holds and skips the other", arguments: [(3, "small"), (30, "big")])
    func branch(n: Int64, chosen: String) async throws {
        var branchNode = Node()
        branchNode.id = "choose"
        branchNode.inputs = ["v": S.future("", "n")]
        var big = BranchCase()
        big.condition = .comparison(Comparison(op: .ge, left: .input("v"), right: .literal(.int(10))))
        big.thenNode = S.node("big", S.addOne, ["x": .literal(.int(1000))])
        branchNode.kind = .branch(BranchNode(cases: [big], elseNode: S.node("small", S.addOne, ["x": S.future("", "n")])))
        let workflow = S.workflow("branchy", outputs: ["y": S.int], nodes: [branchNode], bindings: ["y": S.future("choose", "y")])
        try await withCluster(tasks: [S.addOne], workflows: [workflow]) { _, client in
            let started = try await client.start("branchy", inputs: ["n": .int(n)])
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["y": .int(chosen == "big" ? 1001 : n + 1)])
            let nodes = try await client.nodes(started.id)
            #expect(nodes["choose/\(chosen)"]?.phase == .succeeded)
            #expect(nodes["choose/\(chosen == "big" ? "small" : "big")"]?.phase == .skipped)
        }
    }

    @Test("A sub-workflow runs inline under its node's id")
    func subWorkflow() async throws {
        let inner = S.workflow("inner", outputs: ["out": S.int], nodes: [
            S.node("n1", S.addOne, ["x": S.future("", "n")]),
            S.node("n2", S.addOne, ["x": S.future("n1", "y")]),
        ], bindings: ["out": S.future("n2", "y")])
        var sub = Node()
        sub.id = "sub"
        sub.inputs = ["n": S.future("", "n")]
        sub.kind = .workflow(SubWorkflowNode(workflow: Identifier(name: "inner", version: "1")))
        let outer = S.workflow("outer", outputs: ["result": S.int], nodes: [
            sub, S.node("after", S.addOne, ["x": S.future("sub", "out")]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(tasks: [S.addOne], workflows: [inner, outer]) { _, client in
            let started = try await client.start("outer", inputs: ["n": .int(0)])
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(3)])
            let nodes = try await client.nodes(started.id)
            #expect(nodes["sub/n2"]?.parentNodeID == "sub")
            #expect(nodes["sub"]?.outputs == ["out": .int(2)])
        }
    }

    @Test("A task that fails once is retried and the retry's output is used")
    func retryThenSucceed() async throws {
        let workflow = S.workflow("retry", outputs: ["y": S.int], nodes: [S.node("f", S.flaky, ["x": S.future("", "n")])],
                                  bindings: ["y": S.future("f", "y")])
        try await withCluster(tasks: [S.flaky], workflows: [workflow]) { _, client in
            let started = try await client.start("retry", inputs: ["n": .int(5)])
            // The task's marker of its first attempt.
            defer { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("sluice-flaky-\(started.id)-f")) }
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["y": .int(5)])
            let attempts = try await client.nodes(started.id)["f"]?.attempts ?? []
            #expect(attempts.map(\.phase) == [.failed, .succeeded])
            #expect(attempts.first?.error?.stderrTail.contains("first attempt fails on purpose") == true)
        }
    }

    @Test("A task over its timeout is stopped and the node is TIMED_OUT")
    func timeout() async throws {
        let slow = S.sleeper(seconds: "30", timeout: .seconds(1))
        let workflow = S.workflow("slow", outputs: [:], nodes: [S.node("s", slow, ["x": S.future("", "n")])], bindings: [:])
        try await withCluster(tasks: [slow], workflows: [workflow]) { _, client in
            let started = try await client.start("slow", inputs: ["n": .int(1)])
            let ended = try await client.waitForEnd(started.id, within: .seconds(20))
            #expect(ended.phase == .failed)
            #expect(try await client.nodes(started.id)["s"]?.phase == .timedOut)
        }
    }

    static func failingPair(_ policy: FailurePolicy) -> WorkflowSpec {
        let slow = S.sleeper(seconds: "1.5")
        return S.workflow("pair-\(policy.rawValue)", outputs: [:], nodes: [
            S.node("bad", S.fail, ["x": S.future("", "n")]),
            S.node("slow", slow, ["x": S.future("", "n")]),
            S.node("later", S.addOne, ["x": S.future("slow", "y")]),
        ], bindings: [:], policy: policy)
    }

    @Test("Fail immediately aborts the running sibling; fail after running nodes lets it finish")
    func failurePolicies() async throws {
        let slow = S.sleeper(seconds: "1.5")
        let immediate = Self.failingPair(.failImmediately)
        let afterRunning = Self.failingPair(.failAfterRunningNodes)
        try await withCluster(tasks: [S.fail, slow, S.addOne], workflows: [immediate, afterRunning]) { _, client in
            let first = try await client.start(immediate.id!.name, inputs: ["n": .int(1)])
            let ended = try await client.waitForEnd(first.id)
            #expect(ended.phase == .failed)
            #expect(ended.error?.nodeID == "bad")
            #expect(ended.error?.stderrTail.contains("boom") == true)
            var nodes = try await client.nodes(first.id)
            #expect(nodes["slow"]?.phase == .aborted)
            #expect(nodes["later"] == nil)

            let second = try await client.start(afterRunning.id!.name, inputs: ["n": .int(1)])
            let secondEnded = try await client.waitForEnd(second.id)
            #expect(secondEnded.phase == .failed)
            nodes = try await client.nodes(second.id)
            #expect(nodes["slow"]?.phase == .succeeded)
            #expect(nodes["later"] == nil)
        }
    }

    @Test("Abort stops the running attempt and ends the execution ABORTED")
    func abort() async throws {
        let slow = S.sleeper(seconds: "30")
        let workflow = S.workflow("abortable", outputs: [:], nodes: [S.node("s", slow, ["x": S.future("", "n")])], bindings: [:])
        try await withCluster(tasks: [slow], workflows: [workflow]) { _, client in
            let started = try await client.start("abortable", inputs: ["n": .int(1)])
            // Wait until the attempt runs, then abort it.
            for _ in 0..<100 where try await client.nodes(started.id)["s"] == nil {
                try await Task.sleep(for: .milliseconds(50))
            }
            _ = try await client.call(.abortExecution(AbortExecutionRequest(executionID: started.id, reason: "not needed")))
            let ended = try await client.waitForEnd(started.id, within: .seconds(15))
            #expect(ended.phase == .aborted)
            #expect(ended.abort?.reason == "not needed")
            #expect(try await client.nodes(started.id)["s"]?.phase == .aborted)
        }
    }

    @Test("Bad inputs are refused with errors naming them")
    func badInputs() async throws {
        let workflow = S.workflow("chain1", outputs: [:], nodes: [S.node("a", S.addOne, ["x": S.future("", "n")])], bindings: [:])
        try await withCluster(tasks: [S.addOne], workflows: [workflow]) { _, client in
            await #expect(throws: ServiceError.self) { _ = try await client.start("chain1", inputs: [:]) }
            do {
                _ = try await client.start("chain1", inputs: ["n": .string("three"), "extra": .int(1)])
                Issue.record("mistyped inputs were accepted")
            } catch let error as ServiceError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("n"))
                #expect(error.message.contains("extra"))
            }
            do {
                _ = try await client.start("no-such-workflow", inputs: [:])
                Issue.record("an unknown workflow was accepted")
            } catch let error as ServiceError {
                #expect(error.code == .notFound)
                #expect(error.message.contains("no-such-workflow"))
            }
        }
    }
}
