import SluiceEngine
import SluiceWire
import Testing

/// A wide workflow started a few nodes per turn (as the scheduler starts one, so that the first
/// nodes' cache lookups go out while the rest start) runs as it would started all at once.
@Suite("Execution machine: starting a wide workflow over several turns")
struct StartTurnTests {
    static let task = Specs.addOne()
    static let sum = Specs.sum()

    /// `width` independent nodes and a node summing them all.
    static func fanOut(width: Int) -> CompiledWorkflow {
        Specs.workflow(
            "wide",
            nodes: (0..<width).map { Specs.taskNode("w\($0)", task, inputs: ["x": .literal(.int(Int64($0)))]) }
                + [Specs.taskNode("total", sum, inputs: ["values": .collection((0..<width).map { Specs.future("w\($0)", "y") })])],
            tasks: [task, sum], outputs: ["total": Specs.future("total", "total")])
    }

    @Test("each turn starts at most its limit of ready nodes, in order, until none is left")
    func turnsStartTheRestInOrder() {
        var driver = Driver(Self.fanOut(width: 5))
        driver.take(driver.machine.start(now: driver.now, startingAtMost: 2))
        #expect(driver.queued.map(\.nodeID) == ["w0", "w1"])
        #expect(driver.executionPhase == .running)
        #expect(driver.machine.hasNodesLeftToStart)

        driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 2))
        #expect(driver.queued.map(\.nodeID) == ["w0", "w1", "w2", "w3"])
        driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 2))
        #expect(driver.queued.map(\.nodeID) == ["w0", "w1", "w2", "w3", "w4"])
        #expect(!driver.machine.hasNodesLeftToStart)
        // A turn with nothing left to start changes nothing.
        #expect(driver.machine.startMore(now: driver.now, startingAtMost: 2).isEmpty)

        for index in 0..<5 { driver.succeed("w\(index)", ["y": .int(Int64(index + 1))]) }
        #expect(driver.attempt(of: "total")?.inputs == ["values": .collection((1...5).map { .int(Int64($0)) })])
        driver.succeed("total", ["total": .int(15)])
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["total": .int(15)])
        #expect(driver.events.map(\.sequence) == Array(1...UInt64(driver.events.count)))
    }

    @Test("nodes of the first turn may finish before the next turn; no node starts twice and the fan-in waits for all")
    func resultsBetweenTurns() {
        var driver = Driver(Self.fanOut(width: 4))
        driver.take(driver.machine.start(now: driver.now, startingAtMost: 3))
        for index in 0..<3 { driver.succeed("w\(index)", ["y": .int(1)]) }
        #expect(driver.attempt(of: "total") == nil)
        driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 3))
        #expect(driver.queued.map(\.nodeID) == ["w3"])
        driver.succeed("w3", ["y": .int(1)])
        driver.succeed("total", ["total": .int(4)])
        #expect(driver.executionOutputs == ["total": .int(4)])
        let dispatches = driver.events.filter {
            if case .attempt(let attempt) = $0.kind { attempt.phase == .queued } else { false }
        }
        #expect(dispatches.count == 5, "every node queued one attempt, and only one")
    }

    @Test("a sub-workflow's ready nodes count toward the turn's limit too, and the next turns start the rest")
    func subWorkflowScopes() {
        let inner = Specs.workflow(
            "inner", nodes: (0..<3).map { Specs.taskNode("i\($0)", Self.task, inputs: ["x": Specs.future("", "n")]) },
            tasks: [Self.task], outputs: ["out": Specs.future("i2", "y")])
        var subNode = Node()
        subNode.id = "sub"
        subNode.inputs = ["n": Specs.future("", "n")]
        subNode.kind = .workflow(SubWorkflowNode(workflow: Identifier(name: "inner", version: "1")))
        let outer = Specs.workflow(
            "outer", nodes: [subNode, Specs.taskNode("a", Self.task, inputs: ["x": Specs.future("", "n")]),
                             Specs.taskNode("b", Self.task, inputs: ["x": Specs.future("", "n")])],
            tasks: [Self.task], outputs: ["result": Specs.future("sub", "out")], subWorkflows: [inner])
        var driver = Driver(outer, inputs: ["n": .int(1)])
        driver.take(driver.machine.start(now: driver.now, startingAtMost: 2))
        // The sub-workflow's node is one of the two started; its first node the other.
        #expect(driver.queued.map(\.nodeID) == ["sub/i0"])
        while driver.machine.hasNodesLeftToStart {
            driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 2))
        }
        #expect(Set(driver.queued.map(\.nodeID)) == ["sub/i0", "sub/i1", "sub/i2", "a", "b"])
        for node in driver.queued.map(\.nodeID) { driver.succeed(node, ["y": .int(2)]) }
        #expect(driver.executionOutputs == ["result": .int(2)])
    }

    @Test("a node the turns have passed while it waited for a dependency starts when the dependency ends")
    func passedNodeStartsOnItsDependency() {
        let workflow = Specs.workflow(
            "mixed", nodes: [
                Specs.taskNode("a", Self.task, inputs: ["x": .literal(.int(1))]),
                Specs.taskNode("b", Self.task, inputs: ["x": Specs.future("a", "y")]),
                Specs.taskNode("c", Self.task, inputs: ["x": .literal(.int(3))]),
                Specs.taskNode("d", Self.task, inputs: ["x": .literal(.int(4))]),
            ],
            tasks: [Self.task], outputs: ["b": Specs.future("b", "y"), "d": Specs.future("d", "y")])
        var driver = Driver(workflow)
        driver.take(driver.machine.start(now: driver.now, startingAtMost: 1))
        #expect(driver.queued.map(\.nodeID) == ["a"])
        driver.succeed("a", ["y": .int(2)])
        #expect(driver.attempt(of: "b")?.inputs == ["x": .int(2)])
        driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 1))
        #expect(driver.attempt(of: "c") != nil && driver.attempt(of: "d") == nil)
        driver.take(driver.machine.startMore(now: driver.now, startingAtMost: 1))
        #expect(!driver.machine.hasNodesLeftToStart)
        for node in ["b", "c", "d"] { driver.succeed(node, ["y": .int(5)]) }
        #expect(driver.executionOutputs == ["b": .int(5), "d": .int(5)])
    }

    @Test("a scheduler restarted between turns starts the nodes the turns had not reached, and the execution ends as it would have")
    func restartBetweenTurns() throws {
        let workflow = Self.fanOut(width: 5)
        var before = Driver(workflow)
        before.take(before.machine.start(now: before.now, startingAtMost: 2))
        #expect(before.machine.hasNodesLeftToStart)
        let started = before.queued.map(\.attemptID)

        let (machine, effects) = try #require(ExecutionMachine.restoring(
            RestoreTests.persisted(before, workflow: workflow), now: before.now, startingAtMost: 2))
        var after = Driver(workflow)
        after.machine = machine
        after.events = before.events
        after.take(effects)
        // The two started before carry on under their attempts; the other three start now.
        #expect(Set(after.queued.map(\.nodeID)) == ["w0", "w1", "w2", "w3", "w4"])
        #expect(after.queued.filter { ["w0", "w1"].contains($0.nodeID) }.map(\.attemptID).sorted() == started.sorted())
        for index in 0..<5 { after.succeed("w\(index)", ["y": .int(1)]) }
        after.succeed("total", ["total": .int(5)])
        #expect(after.executionOutputs == ["total": .int(5)])
        #expect(after.events.map(\.sequence) == Array(1...UInt64(after.events.count)))
    }

    @Test("an execution aborted between turns starts nothing more, and ends ABORTED")
    func abortBetweenTurns() {
        var driver = Driver(Self.fanOut(width: 4))
        driver.take(driver.machine.start(now: driver.now, startingAtMost: 2))
        driver.take(driver.machine.abort(AbortInfo(reason: "enough"), now: driver.now))
        #expect(driver.machine.startMore(now: driver.now, startingAtMost: 2).allSatisfy {
            if case .dispatch = $0 { false } else { true }
        })
        #expect(driver.attempt(of: "w2") == nil && driver.attempt(of: "w3") == nil)
        #expect(driver.executionPhase == .aborted)
    }
}
