import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

/// Workflow bodies in the engine, without I/O: each decision is an attempt of the body's task
/// whose result is the calls it made past the recorded ones; the calls join the execution under
/// the node's id, and the next decision is queued once a call the last one waits for has ended.
/// The tests play the worker's part (``Body/decide``), making the calls a body would make.
@Suite("Execution machine: workflow bodies")
struct BodyNodeTests {
    static let int = LiteralType.simple(.int)
    static let addOne = Specs.addOne()

    /// A body taking `x: int` and returning `total: int`.
    static let bodyTask: TaskSpec = {
        var task = TaskSpec()
        task.id = Identifier(name: "body", version: "1")
        task.interface = TypedInterface(inputs: [Variable(name: "x", type: int)], outputs: [Variable(name: "total", type: int)])
        task.kind = .dynamic(DynamicTask(body: .swiftName("body"), style: .incremental))
        return task
    }()

    /// The body node "b" on the workflow's input `n`; `result` is its `total`.
    static func workflow(policy: FailurePolicy = .failImmediately, metadata: NodeMetadata? = nil) -> CompiledWorkflow {
        var node = Node()
        node.id = "b"
        node.inputs = ["x": Specs.future("", "n")]
        node.kind = .dynamic(DynamicNode(task: bodyTask.id, body: true))
        node.metadata = metadata
        return Specs.workflow("body-workflow", nodes: [node], tasks: [bodyTask, addOne], outputs: ["result": Specs.future("b", "total")], policy: policy)
    }

    /// A call of add-one with `x` bound as given.
    static func call(_ id: String, _ x: Binding) -> Node {
        Specs.taskNode(id, addOne, inputs: ["x": x])
    }

    /// Plays one decision as a worker does: the body made `calls` (all of them, from the
    /// first); only those past the recorded ones are sent, or all of them when they do not
    /// match the recorded digest. Then compiles them after the recorded ones as the scheduler
    /// has admin do, and completes the decision's attempt.
    @discardableResult
    static func decide(
        _ driver: inout Driver, calls: [Node], awaiting: [String] = [], read: [String] = [],
        outputs: [String: Binding]? = nil
    ) throws -> AttemptAssignment {
        let assignment = try #require(driver.attempt(of: "b"), "a decision is queued")
        let history = assignment.history ?? BodyHistory()
        var digest = ""
        var recordedDigest = history.calls == 0 ? "" : nil
        for (index, call) in calls.enumerated() {
            digest = try BodyDecision.digest(after: digest, call: call)
            if index + 1 == Int(history.calls) { recordedDigest = digest }
        }
        var result = DynamicResult(
            outputs: outputs ?? [:], complete: outputs != nil,
            awaiting: awaiting.map { OutputReference(nodeID: $0, output: "y") })
        result.historyDigest = digest
        result.read = read
        let compiled: CompiledWorkflow?
        if recordedDigest == history.digest {
            result.nodes = Array(calls.dropFirst(Int(history.calls)))
            result.firstCall = history.calls
            var whole = result
            whole.nodes = calls
            compiled = try DynamicSubgraph.compile(
                whole, task: bodyTask, nodeID: "b", failurePolicy: .failImmediately, registry: Registry(tasks: [addOne]))
        } else {
            result.nodes = calls
            result.diverged = true
            compiled = nil
        }
        #expect(driver.succeed("b", try BodyDecision.outputs(decision: result, compiled: compiled)))
        return assignment
    }

    /// The values a decision was sent, by call.
    static func values(_ assignment: AttemptAssignment) -> [String: Literal] {
        var values: [String: Literal] = [:]
        for future in assignment.resolved { values[future.reference?.nodeID ?? ""] = future.value }
        return values
    }

    static func bodyEvents(in driver: Driver) -> [NodeEvent] {
        driver.events.compactMap { event -> NodeEvent? in
            if case .node(let node) = event.kind, node.nodeID == "b" { return node }
            return nil
        }
    }

    @Test("each decision replays the record: it is told how many calls are recorded and the values it read, and sends only its new calls")
    func replaysTheRecord() throws {
        var driver = Driver(Self.workflow(), inputs: ["n": .int(1)])
        driver.start()
        let first = try Self.decide(&driver, calls: [Self.call("a", Specs.future("", "x"))], awaiting: ["a"])
        #expect(first.history == BodyHistory())
        #expect(first.resolved.isEmpty)
        #expect(driver.attempt(of: "b/a")?.inputs == ["x": .int(1)], "the call runs on the body's input")
        #expect(driver.attempt(of: "b") == nil, "no decision while the value it waits for is not there")

        driver.succeed("b/a", ["y": .int(2)])
        let calls = [Self.call("a", Specs.future("", "x")), Self.call("c", .literal(.int(10)))]
        let second = try Self.decide(&driver, calls: calls, awaiting: ["c"])
        #expect(second.history?.calls == 1)
        #expect(Self.values(second) == ["a": .int(2)])
        #expect(driver.queued.map(\.nodeID) == ["b/c"], "a is not run again")

        driver.succeed("b/c", ["y": .int(11)])
        let third = try Self.decide(&driver, calls: calls, outputs: ["total": Specs.future("c", "y")])
        #expect(third.history?.calls == 2)
        #expect(Self.values(third) == ["a": .int(2), "c": .int(11)])
        #expect(driver.nodePhases["b"] == .succeeded)
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(11)])

        // What is recorded is each decision's new calls; admin's record holds them all.
        let added = Self.bodyEvents(in: driver).compactMap(\.subgraph).map { $0.spec?.nodes.map(\.id) ?? [] }
        #expect(added == [["a"], ["c"], []])
        let persisted = RestoreTests.persisted(driver, workflow: Self.workflow())
        let record = try #require(persisted.nodes.first { $0.nodeID == "b" })
        #expect(record.subgraph?.spec?.nodes.map(\.id) == ["a", "c"])
        #expect(record.body?.decisions == 3)
        #expect(record.body?.read == ["a", "c"])
        #expect(record.body?.complete == true)
    }

    @Test("decisions never overlap: a result that arrives while one runs is in the next, which follows at once")
    func oneDecisionAtATime() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        let both = [Self.call("a", .literal(.int(1))), Self.call("c", .literal(.int(2)))]
        try Self.decide(&driver, calls: both, awaiting: ["a"])
        driver.succeed("b/a", ["y": .int(2)])
        let running = try #require(driver.attempt(of: "b"))
        // c ends while the decision runs: nothing more is queued.
        driver.succeed("b/c", ["y": .int(3)])
        #expect(driver.queued.filter { $0.nodeID == "b" }.map(\.attemptID) == [running.attemptID])
        // The decision, sent before c ended, waits for c: the next goes out at once, with c.
        try Self.decide(&driver, calls: both, awaiting: ["c"], read: ["a"])
        let next = try #require(driver.attempt(of: "b"))
        #expect(Self.values(next) == ["a": .int(2), "c": .int(3)])
        try Self.decide(&driver, calls: both, read: ["a", "c"], outputs: ["total": .literal(.int(5))])
        #expect(driver.executionOutputs == ["result": .int(5)])
    }

    @Test("a decision that makes other calls than the record fails the node, naming the call and what was recorded")
    func nonDeterminism() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        try Self.decide(&driver, calls: [Self.call("a", .literal(.int(1)))], awaiting: ["a"])
        driver.succeed("b/a", ["y": .int(2)])
        try Self.decide(&driver, calls: [Self.call("a", .literal(.int(7)))], awaiting: ["a"])
        let error = try #require(Self.bodyEvents(in: driver).last?.error)
        #expect(driver.nodePhases["b"] == .failed)
        #expect(error.code == "NonDeterministic")
        #expect(error.message.contains("call 1 (a) is now a = task add-one(x: 7)"), "\(error.message)")
        #expect(error.message.contains("earlier runs recorded a = task add-one(x: 1)"), "\(error.message)")
        #expect(driver.executionPhase == .failed)
    }

    @Test("a failed call fails the calls that take its output without running them; the body reads its error and can go on")
    func errorsFlowAsValues() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        let calls = [Self.call("a", .literal(.int(1))), Self.call("c", Specs.future("a", "y"))]
        try Self.decide(&driver, calls: calls, awaiting: ["a"])
        driver.fail("b/a")
        #expect(driver.nodePhases["b/a"] == .failed)
        #expect(driver.nodePhases["b/c"] == .failed, "c takes a's output")
        #expect(driver.attempt(of: "b/c") == nil, "and never ran")
        #expect(driver.nodePhases["b"] == .dynamicRunning, "the body decides what a failure means")
        let next = try #require(driver.attempt(of: "b"))
        guard case .error(let failure)? = Self.values(next)["a"] else {
            Issue.record("a's error is sent as its value: \(next.resolved)")
            return
        }
        #expect(failure.code == "NonZeroExit")
        try Self.decide(&driver, calls: calls, read: ["a"], outputs: ["total": .literal(.int(0))])
        #expect(driver.nodePhases["b"] == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(0)])
    }

    @Test("returning a failed call's output fails the body with its error; a failure nobody read is a warning")
    func returnedAndUnreadFailures() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        let calls = [Self.call("a", .literal(.int(1))), Self.call("c", .literal(.int(2)))]
        try Self.decide(&driver, calls: calls, outputs: ["total": .literal(.int(9))])
        driver.fail("b/c")
        #expect(driver.nodePhases["b"] == .dynamicRunning, "the body ends once its calls have")
        driver.succeed("b/a", ["y": .int(2)])
        let end = try #require(Self.bodyEvents(in: driver).last)
        #expect(end.phase == .succeeded)
        #expect(end.body?.warnings.count == 1)
        #expect(end.body?.warnings.first?.hasPrefix("call c failed and no code read its value or returned it") == true)

        var returning = Driver(Self.workflow())
        returning.start()
        try Self.decide(&returning, calls: [Self.call("a", .literal(.int(1)))], outputs: ["total": Specs.future("a", "y")])
        returning.fail("b/a")
        let error = try #require(Self.bodyEvents(in: returning).last?.error)
        #expect(returning.nodePhases["b"] == .failed)
        #expect(error.message.contains("returned the output of call a, which did not succeed"))
    }

    @Test("a body that stops without returning or waiting fails, named")
    func stuckBody() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        let calls = [Self.call("a", .literal(.int(1)))]
        try Self.decide(&driver, calls: calls, awaiting: ["a"])
        driver.succeed("b/a", ["y": .int(2)])
        try Self.decide(&driver, calls: calls + [Self.call("c", .literal(.int(2)))], read: ["a"])
        let error = try #require(Self.bodyEvents(in: driver).last?.error)
        #expect(error.code == "BodyStuck")
        #expect(error.message == "the body stopped without returning and without reading a value it waits for")
        #expect(driver.executionPhase == .failed)
        #expect(driver.attempt(of: "b/c") == nil, "the calls of a decision that makes no sense do not run")
    }

    @Test("a body that never returns fails once it has taken the most decisions a body may")
    func decisionLimit() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        let calls = [Self.call("a", .literal(.int(1)))]
        try Self.decide(&driver, calls: calls, awaiting: ["a"])
        driver.succeed("b/a", ["y": .int(2)])
        // A body that keeps waiting for what it has: each decision is followed by another.
        for _ in 1..<BodyDecision.mostDecisions {
            try Self.decide(&driver, calls: calls, awaiting: ["a"])
        }
        let error = try #require(Self.bodyEvents(in: driver).last?.error)
        #expect(error.code == "BodyStuck")
        #expect(error.message.contains("took \(BodyDecision.mostDecisions) decisions without returning"), "\(error.message)")
        #expect(driver.attempt(of: "b") == nil)
    }

    @Test("a restarted machine rebuilds the body's calls from the record and goes on where it was")
    func restore() throws {
        var before = Driver(Self.workflow(), inputs: ["n": .int(1)])
        before.start()
        let calls = [Self.call("a", Specs.future("", "x"))]
        try Self.decide(&before, calls: calls, awaiting: ["a"])
        #expect(before.attempt(of: "b/a") != nil)

        var after = try DynamicNodeTests.restarted(before, workflow: Self.workflow())
        #expect(after.attempt(of: "b/a") != nil, "the call is dispatched again")
        #expect(after.attempt(of: "b") == nil)
        after.succeed("b/a", ["y": .int(2)])
        let next = try Self.decide(&after, calls: calls, outputs: ["total": Specs.future("a", "y")])
        #expect(next.history?.calls == 1, "the record says one call")
        #expect(after.executionOutputs == ["result": .int(2)])

        // Killed while a decision runs: the decision is sent again.
        var deciding = Driver(Self.workflow())
        deciding.start()
        try Self.decide(&deciding, calls: calls, awaiting: ["a"])
        deciding.succeed("b/a", ["y": .int(2)])
        let running = try #require(deciding.attempt(of: "b"))
        var resumed = try DynamicNodeTests.restarted(deciding, workflow: Self.workflow())
        #expect(resumed.attempt(of: "b")?.attemptID == running.attemptID)
        #expect(resumed.attempt(of: "b")?.history?.calls == 1)
        try Self.decide(&resumed, calls: calls, read: ["a"], outputs: ["total": Specs.future("a", "y")])
        #expect(resumed.executionOutputs == ["result": .int(2)])
    }

    @Test("a call may wait for one made after it in the same decision; a decision that names a recorded call again fails the body")
    func callsOfOneDecision() throws {
        var driver = Driver(Self.workflow())
        driver.start()
        var first = Self.call("a", .literal(.int(1)))
        first.upstream = ["c"]
        let calls = [first, Self.call("c", .literal(.int(2)))]
        try Self.decide(&driver, calls: calls, awaiting: ["a"])
        #expect(driver.queued.map(\.nodeID) == ["b/c"], "a waits for c")
        driver.succeed("b/c", ["y": .int(3)])
        #expect(driver.attempt(of: "b/a") != nil)
        driver.succeed("b/a", ["y": .int(2)])

        // A result that reached the engine uncompiled, naming c again.
        let assignment = try #require(driver.attempt(of: "b"))
        var compiled = try DynamicSubgraph.compile(
            DynamicResult(nodes: calls, awaiting: [OutputReference(nodeID: "a", output: "y")]),
            task: Self.bodyTask, nodeID: "b", failurePolicy: .failImmediately, registry: Registry(tasks: [Self.addOne]))
        compiled.spec?.nodes.append(Self.call("c", .literal(.int(5))))
        var decision = DynamicResult(awaiting: [OutputReference(nodeID: "a", output: "y")])
        decision.firstCall = assignment.history?.calls ?? 0
        #expect(driver.succeed("b", try BodyDecision.outputs(decision: decision, compiled: compiled)))
        #expect(driver.nodePhases["b"] == .failed)
        #expect(Self.bodyEvents(in: driver).last?.error?.message == "the body's decision names call c twice")
    }

    @Test("a body's decisions are never cached, whatever its node says")
    func neverCached() throws {
        var driver = Driver(Self.workflow(metadata: NodeMetadata(cache: CacheSettings(enabled: true, version: "1"))))
        driver.start()
        #expect(driver.lookups.isEmpty)
        #expect(driver.attempt(of: "b") != nil)
    }

    @Test("the body's timeout stops its decision and its calls")
    func timeout() throws {
        var driver = Driver(Self.workflow(metadata: NodeMetadata(timeout: .seconds(5))))
        driver.start()
        try Self.decide(&driver, calls: [Self.call("a", .literal(.int(1)))], awaiting: ["a"])
        driver.advance(by: .seconds(6))
        #expect(driver.nodePhases["b"] == .timedOut)
        #expect(driver.nodePhases["b/a"] == .aborted)
        #expect(driver.executionPhase == .failed)
    }
}

private struct Registry: WorkflowRegistry {
    let tasks: [TaskSpec]
    func task(_ id: Identifier) throws -> TaskSpec? { tasks.first { $0.id?.name == id.name } }
    func workflow(_ id: Identifier) throws -> CompiledWorkflow? { nil }
}
