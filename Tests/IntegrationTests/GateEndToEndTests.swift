import Foundation
import SluiceKit
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

/// Gates on real processes: executions that pause for a signal, an approval or a timer, and
/// resume when it comes, including across a scheduler restart.
@Suite("Gates on real services", .serialized, .loadsTheMachine)
struct GateEndToEndTests {
    typealias S = ShellSpecs

    static func gate(_ id: String, _ condition: GateNode.Condition, timeout: Duration? = nil, inputs: [String: Binding] = [:],
                     upstream: [String] = []) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.upstream = upstream
        node.kind = .gate(GateNode(condition: condition, timeout: timeout))
        return node
    }

    static func signalGate(_ id: String = "wait", signal: String = "size", timeout: Duration? = nil, upstream: [String] = []) -> Node {
        gate(id, .signal(SignalGate(signalID: signal, type: S.int)), timeout: timeout, upstream: upstream)
    }

    /// wait (signal "size": int) → after (add one to it).
    static let signalled = S.workflow("signalled", outputs: ["result": S.int], nodes: [
        signalGate(), S.node("after", S.addOne, ["x": S.future("wait", "value")]),
    ], bindings: ["result": S.future("after", "y")])

    /// As `signalled`, with a second's work between the gate and `after`: the execution is still
    /// running for a while after its signal is taken, however fast the services are.
    static let lingering = S.workflow("lingering", outputs: ["result": S.int], nodes: [
        signalGate(), S.node("hold", S.sleeper(seconds: "1"), ["x": S.future("wait", "value")]),
        S.node("after", S.addOne, ["x": S.future("hold", "y")]),
    ], bindings: ["result": S.future("after", "y")])

    func withCluster(workflows: [WorkflowSpec], tasks: [TaskSpec] = [S.addOne, S.sleeper(seconds: "1")], store: StoreKind = .sqlite,
                     _ body: (Cluster, AdminClient) async throws -> Void) async throws {
        try await Cluster.with(tasks: tasks, workflows: workflows, store: store, body)
    }

    /// Waits until the node is PAUSED; returns what it waits for.
    func paused(_ client: AdminClient, _ id: String, _ node: String) async throws -> GateStatus? {
        for _ in 0..<500 {
            if let record = try await client.nodes(id)[node], record.phase == .paused { return record.gate }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    @discardableResult
    func setSignal(_ client: AdminClient, _ id: String, _ signal: String, _ value: Literal, by: String = "", comment: String = "") async throws -> SetSignalResponse {
        guard case .setSignal(let reply) = try await client.call(
            .setSignal(SetSignalRequest(executionID: id, signalID: signal, value: value, displayName: by, comment: comment))) else {
            throw ServiceError.internal("not a set_signal reply")
        }
        return reply
    }

    func refusal(_ client: AdminClient, _ id: String, _ signal: String, _ value: Literal) async -> ServiceError? {
        do {
            try await setSignal(client, id, signal, value)
            return nil
        } catch {
            return error as? ServiceError
        }
    }

    @Test("a signal set while the gate waits resumes the execution with its value", arguments: StoreKind.allCases)
    func signalWhileWaiting(_ store: StoreKind) async throws {
        try await withCluster(workflows: [Self.signalled], store: store) { _, client in
            let started = try await client.start("signalled", inputs: ["n": .int(0)])
            let status = try await paused(client, started.id, "wait")
            #expect(status?.kind == .signal && status?.signalID == "size")
            try await setSignal(client, started.id, "size", .int(41), by: "alice")
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(42)])
            guard case .listSignals(let listed) = try await client.call(.listSignals(ListSignalsRequest(executionID: started.id))) else { return }
            // Who set it is the principal the client's token names; "alice" is the name it gave.
            #expect(listed.signals.map(\.setBy) == ["tester"])
            #expect(listed.signals.map(\.displayName) == ["alice"])
            #expect(listed.signals.first?.consumed == true)
        }
    }

    @Test("a signal set before its gate is reached waits for it and is taken at once", arguments: StoreKind.allCases)
    func signalBeforeGate(_ store: StoreKind) async throws {
        let sleeper = S.sleeper(seconds: "1")
        let workflow = S.workflow("early", outputs: ["result": S.int], nodes: [
            S.node("first", sleeper, ["x": S.future("", "n")]),
            Self.signalGate(upstream: ["first"]),
            S.node("after", S.addOne, ["x": S.future("wait", "value")]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(workflows: [workflow], store: store) { _, client in
            let started = try await client.start("early", inputs: ["n": .int(0)])
            try await setSignal(client, started.id, "size", .int(9))
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.outputs == ["result": .int(10)])
            #expect(try await client.nodes(started.id)["wait"]?.phase == .succeeded)
        }
    }

    /// a (add one to n) → review (approve "ship" over a's y) → after (add one to it).
    static let reviewed = S.workflow("reviewed", outputs: ["result": S.int], nodes: [
        S.node("a", S.addOne, ["x": S.future("", "n")]),
        gate("review", .approve(ApproveGate(signalID: "ship")), inputs: ["value": S.future("a", "y")]),
        S.node("after", S.addOne, ["x": S.future("review", "value")]),
    ], bindings: ["result": S.future("after", "y")])

    @Test("approve passes the value through; reject fails the execution with the reviewer's reason", arguments: StoreKind.allCases)
    func approveAndReject(_ store: StoreKind) async throws {
        try await withCluster(workflows: [Self.reviewed], store: store) { _, client in
            let approved = try await client.start("reviewed", inputs: ["n": .int(1)])
            #expect(try await paused(client, approved.id, "review")?.kind == .approve)
            try await setSignal(client, approved.id, "ship", .bool(true), by: "alice")
            #expect(try await client.waitForEnd(approved.id).outputs == ["result": .int(3)])

            let rejected = try await client.start("reviewed", inputs: ["n": .int(1)])
            _ = try await paused(client, rejected.id, "review")
            try await setSignal(client, rejected.id, "ship", .bool(false), by: "bob", comment: "numbers look wrong")
            let ended = try await client.waitForEnd(rejected.id)
            #expect(ended.phase == .failed)
            let error = try await client.nodes(rejected.id)["review"]?.error
            #expect(error?.code == "Rejected")
            #expect(error?.actor == "tester")
            #expect(error?.message.contains("rejected by tester (as bob)") == true)
            #expect(error?.message.contains("numbers look wrong") == true)
        }
    }

    @Test("wrong type, unknown execution, undeclared signal and a conflicting second value are each refused clearly")
    func refusals() async throws {
        // The conflicting value must arrive while the execution runs; after its end, every
        // value is refused as too late instead.
        try await withCluster(workflows: [Self.lingering]) { _, client in
            let started = try await client.start("lingering", inputs: ["n": .int(0)])
            let wrongType = await refusal(client, started.id, "size", .string("big"))
            #expect(wrongType?.code == .invalidArgument)
            #expect(wrongType?.message.contains("int") == true)
            let unknownExecution = await refusal(client, "ex-nope", "size", .int(1))
            #expect(unknownExecution?.code == .notFound)
            #expect(unknownExecution?.message.contains("ex-nope") == true)
            let undeclared = await refusal(client, started.id, "colour", .int(1))
            #expect(undeclared?.message.contains("colour") == true)
            #expect(undeclared?.message.contains("size") == true, "names the signals the workflow does declare")

            let first = try await setSignal(client, started.id, "size", .int(5))
            #expect(!first.alreadySet)
            #expect(try await setSignal(client, started.id, "size", .int(5)).alreadySet)
            let conflict = await refusal(client, started.id, "size", .int(6))
            #expect(conflict?.code == .conflict)
            #expect(conflict?.message.contains("5") == true)
            #expect(try await client.waitForEnd(started.id).outputs == ["result": .int(6)])
            // Once it has ended, the same value again is still already set: a retry after a
            // lost reply learns that its value took effect.
            #expect(try await setSignal(client, started.id, "size", .int(5)).alreadySet)
            #expect(await refusal(client, started.id, "size", .int(7))?.code == .conflict)
        }
    }

    @Test("a gate that waits past its timeout is TIMED_OUT; a sleep gate ends after its duration")
    func timeoutAndSleep() async throws {
        let timed = S.workflow("timed", outputs: ["result": S.int], nodes: [
            Self.signalGate(timeout: .milliseconds(300)), S.node("after", S.addOne, ["x": S.future("wait", "value")]),
        ], bindings: ["result": S.future("after", "y")])
        let sleepy = S.workflow("sleepy", outputs: ["result": S.int], nodes: [
            Self.gate("nap", .sleep(SleepGate(duration: .milliseconds(700)))),
            S.node("after", S.addOne, ["x": S.future("", "n")], upstream: ["nap"]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(workflows: [timed, sleepy]) { _, client in
            let waiting = try await client.start("timed", inputs: ["n": .int(0)])
            let timedOut = try await client.waitForEnd(waiting.id)
            #expect(timedOut.phase == .failed)
            #expect(try await client.nodes(waiting.id)["wait"]?.phase == .timedOut)

            let started = ContinuousClock.now
            let napping = try await client.start("sleepy", inputs: ["n": .int(1)])
            #expect(try await paused(client, napping.id, "nap")?.wakeAt != nil)
            let ended = try await client.waitForEnd(napping.id)
            #expect(ended.outputs == ["result": .int(2)])
            #expect(ContinuousClock.now - started >= .milliseconds(700))
        }
    }

    @Test("gates inside a branch case and a sub-workflow pause and resume like any other")
    func gatesInBranchesAndSubWorkflows() async throws {
        var branchNode = Node()
        branchNode.id = "route"
        branchNode.inputs = ["v": S.future("", "n")]
        var manual = BranchCase()
        manual.condition = .comparison(Comparison(op: .ge, left: .input("v"), right: .literal(.int(10))))
        manual.thenNode = Self.signalGate("manual", signal: "override")
        branchNode.kind = .branch(BranchNode(cases: [manual], elseNode: Self.signalGate("auto", signal: "fallback")))
        let routed = S.workflow("routed", outputs: ["result": S.int], nodes: [branchNode],
                                bindings: ["result": S.future("route", "value")])
        let inner = S.workflow("inner-review", outputs: ["out": S.int], nodes: [
            Self.gate("sign-off", .approve(ApproveGate(signalID: "legal")), inputs: ["value": S.future("", "n")]),
        ], bindings: ["out": S.future("sign-off", "value")])
        var sub = Node()
        sub.id = "legal"
        sub.inputs = ["n": S.future("", "n")]
        sub.kind = .workflow(SubWorkflowNode(workflow: Identifier(name: "inner-review", version: "1")))
        let outer = S.workflow("outer-review", outputs: ["result": S.int], nodes: [
            sub, S.node("after", S.addOne, ["x": S.future("legal", "out")]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(workflows: [inner, outer]) { _, client in
            let started = try await client.start("outer-review", inputs: ["n": .int(4)])
            #expect(try await paused(client, started.id, "legal/sign-off")?.signalID == "legal")
            try await setSignal(client, started.id, "legal", .bool(true))
            #expect(try await client.waitForEnd(started.id).outputs == ["result": .int(5)])
        }
        // The branch case's gate: its output is the branch node's own.
        try await withCluster(workflows: [routed], tasks: [S.addOne]) { _, client in
            let started = try await client.start("routed", inputs: ["n": .int(20)])
            #expect(try await paused(client, started.id, "route/manual")?.signalID == "override")
            try await setSignal(client, started.id, "override", .int(99))
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(99)])
            #expect(try await client.nodes(started.id)["route/auto"]?.phase == .skipped)
        }
    }

    @Test("kill -9 of the scheduler while gates wait and a sleep runs: signals set meanwhile are kept, the sleep ends on time")
    func schedulerRestart() async throws {
        let sleepy = S.workflow("long-nap", outputs: ["result": S.int], nodes: [
            Self.gate("nap", .sleep(SleepGate(duration: .seconds(3)))),
            S.node("after", S.addOne, ["x": S.future("", "n")], upstream: ["nap"]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(workflows: [Self.signalled, sleepy]) { cluster, client in
            let waiting = try await client.start("signalled", inputs: ["n": .int(0)])
            let napping = try await client.start("long-nap", inputs: ["n": .int(1)])
            let napStatus = try await paused(client, napping.id, "nap")
            _ = try await paused(client, waiting.id, "wait")
            await cluster.killScheduler()
            try await setSignal(client, waiting.id, "size", .int(7))
            try await Task.sleep(for: .milliseconds(500))
            try await cluster.restartScheduler()
            #expect(try await client.waitForEnd(waiting.id).outputs == ["result": .int(8)])
            let napEnded = try await client.waitForEnd(napping.id)
            #expect(napEnded.phase == .succeeded)
            let nap = try await client.nodes(napping.id)["nap"]
            let wakeAt = try #require(napStatus?.wakeAt)
            let endedAt = try #require(nap?.endedAt)
            #expect(endedAt >= wakeAt, "the sleep does not end early")
            #expect(endedAt.seconds - wakeAt.seconds < 2, "nor start over after the restart")
        }
    }

    @Test("an approval waiting across a scheduler restart (kill -9, then SIGTERM) passes on the value under review")
    func approvalAcrossSchedulerRestarts() async throws {
        try await withCluster(workflows: [Self.reviewed], tasks: [S.addOne]) { cluster, client in
            for (n, gracefully) in [(10, false), (20, true)] {
                let started = try await client.start("reviewed", inputs: ["n": .int(Int64(n))])
                #expect(try await paused(client, started.id, "review")?.kind == .approve)
                try await cluster.restartScheduler(gracefully: gracefully)
                let record = try await client.nodes(started.id)["review"]
                #expect(record?.inputs == ["value": .int(Int64(n + 1))], "the gate's record holds the value under review")
                try await setSignal(client, started.id, "ship", .bool(true), by: "ada")
                let ended = try await client.waitForEnd(started.id)
                #expect(ended.phase == .succeeded)
                #expect(ended.outputs == ["result": .int(Int64(n + 2))], "restarted \(gracefully ? "with SIGTERM" : "by kill -9")")
            }
        }
    }

    @Test("a client waits until an approval is asked for, sees the value under review, and approves it by its key")
    func waitingForAGateAndDecidingByKey() async throws {
        let ship = ApprovalKey("ship")
        let reviewed = S.workflow("reviewed-by-key", outputs: ["result": S.int], nodes: [
            S.node("draft", S.sleeper(seconds: "1"), ["x": S.future("", "n")]),
            Self.gate("review", .approve(ApproveGate(signalID: ship.name)), inputs: ["value": S.future("draft", "y")]),
            S.node("after", S.addOne, ["x": S.future("review", "value")]),
        ], bindings: ["result": S.future("after", "y")])
        try await withCluster(workflows: [reviewed]) { cluster, client in
            let sluice = try SluiceClient(endpoints: SluiceEndpoints(admin: cluster.adminAddress, environment: [:]), token: TestPrincipals.adminToken, timeout: .seconds(10))
            let started = try await client.start("reviewed-by-key", inputs: ["n": .int(5)])
            // Asked before the gate is reached (the draft takes a second): it waits for it.
            let waiting = try await sluice.waitUntilWaiting(for: ship, of: started.id, timeout: .seconds(30))
            #expect(waiting.nodeID == "review")
            #expect(waiting.underReview == .int(5))
            #expect(try waiting.underReview(as: Int.self) == 5)
            #expect(throws: ServiceError.self, "the value under review is no String") { try waiting.underReview(as: String.self) }
            // Asked again while it waits: at once.
            #expect(try await sluice.waitUntilWaiting(for: ship, of: started.id, timeout: .seconds(5)).nodeID == "review")
            try await sluice.approve(ship, of: started.id, as: "ada")
            #expect(try await client.waitForEnd(started.id).outputs == ["result": .int(6)])
            // Ended: no gate will wait any more.
            let ended = await #expect(throws: ServiceError.self) {
                try await sluice.waitUntilWaiting(for: ship, of: started.id, timeout: .seconds(5))
            }
            #expect(ended?.code == .failedPrecondition)
            await sluice.close()
        }
    }
}
