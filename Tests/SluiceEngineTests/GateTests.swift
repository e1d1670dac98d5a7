import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

@Suite("Execution machine: gates")
struct GateTests {
    static func gateNode(_ id: String, _ gate: GateNode, inputs: [String: Binding] = [:]) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.kind = .gate(gate)
        return node
    }

    /// a (task) → gate → b (task fed the gate's value).
    static func gated(_ gate: GateNode, gateInputs: [String: Binding] = [:]) -> CompiledWorkflow {
        let task = Specs.addOne()
        return Specs.workflow("gated", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            gateNode("g", gate, inputs: gateInputs),
            Specs.taskNode("b", task, inputs: ["x": Specs.future("g", "value")]),
        ], tasks: [task], outputs: ["result": Specs.future("b", "y")])
    }

    static let signalGate = GateNode(condition: .signal(SignalGate(signalID: "size", type: .simple(.int))), timeout: .seconds(60))
    static let approveGate = GateNode(condition: .approve(ApproveGate(signalID: "ship")))

    static func signal(_ id: String, _ value: Literal, by: String = "alice", comment: String = "") -> Signal {
        Signal(executionID: "ex-test", signalID: id, value: value, setBy: by, comment: comment)
    }

    static func gateStatus(in driver: Driver) -> GateStatus? {
        driver.events.compactMap { event -> GateStatus? in
            if case .node(let node) = event.kind, node.nodeID == "g" { return node.gate }
            return nil
        }.last
    }

    @Test("a signal gate PAUSES saying what it waits for, and resumes with the value when it is set")
    func signalWhileWaiting() throws {
        var driver = Driver(Self.gated(Self.signalGate, gateInputs: [:]), inputs: ["n": .int(1)])
        // The gate needs "a" to finish first only if it depends on it; this one does not.
        driver.start()
        #expect(driver.nodePhases["g"] == .paused)
        let status = try #require(Self.gateStatus(in: driver))
        #expect(status.kind == .signal && status.signalID == "size" && status.type == .simple(.int))
        #expect(status.timeoutAt == driver.now + .seconds(60))
        driver.take(driver.machine.signalArrived(Self.signal("size", .int(41)), now: driver.now))
        #expect(driver.nodePhases["g"] == .succeeded)
        #expect(driver.attempt(of: "b")?.inputs == ["x": .int(41)])
        let consumed = driver.events.compactMap { event -> Signal? in
            if case .signal(let signal) = event.kind { return signal }
            return nil
        }
        #expect(consumed.map(\.consumed) == [true])
    }

    @Test("a signal set before the gate is reached is taken the moment the gate starts")
    func signalBeforeGate() {
        let task = Specs.addOne()
        let workflow = Specs.workflow("late-gate", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            Self.gateNode("g", Self.signalGate, inputs: [:]),
            Specs.taskNode("b", task, inputs: ["x": Specs.future("g", "value")]),
        ], tasks: [task], outputs: ["result": Specs.future("b", "y")])
        var spec = workflow.spec!
        spec.nodes[1].upstream = ["a"]
        let ordered = CompiledWorkflow(spec: spec, tasks: workflow.tasks, subWorkflows: [], digest: workflow.digest)
        var driver = Driver(ordered, inputs: ["n": .int(1)])
        driver.start()
        #expect(driver.nodePhases["g"] == nil)
        driver.take(driver.machine.signalArrived(Self.signal("size", .int(7)), now: driver.now))
        driver.succeed("a", ["y": .int(2)])
        #expect(driver.nodePhases["g"] == .succeeded)
        #expect(driver.attempt(of: "b")?.inputs == ["x": .int(7)])
    }

    @Test("approve passes its input through; reject fails the node with the reviewer and reason")
    func approveAndReject() {
        let upstream: [String: Binding] = ["value": Specs.future("a", "y")]
        func workflow() -> CompiledWorkflow {
            let task = Specs.addOne()
            return Specs.workflow("approval", nodes: [
                Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
                Self.gateNode("g", Self.approveGate, inputs: upstream),
                Specs.taskNode("b", task, inputs: ["x": Specs.future("g", "value")]),
            ], tasks: [task], outputs: ["result": Specs.future("b", "y")])
        }
        var approved = Driver(workflow(), inputs: ["n": .int(1)])
        approved.start()
        approved.succeed("a", ["y": .int(2)])
        #expect(approved.nodePhases["g"] == .paused)
        approved.take(approved.machine.signalArrived(Self.signal("ship", .bool(true)), now: approved.now))
        #expect(approved.attempt(of: "b")?.inputs == ["x": .int(2)])

        var rejected = Driver(workflow(), inputs: ["n": .int(1)])
        rejected.start()
        rejected.succeed("a", ["y": .int(2)])
        rejected.take(rejected.machine.signalArrived(Self.signal("ship", .bool(false), by: "bob", comment: "numbers look wrong"), now: rejected.now))
        #expect(rejected.nodePhases["g"] == .failed)
        #expect(rejected.executionPhase == .failed)
        let error = rejected.events.compactMap { event -> ExecutionError? in
            if case .node(let node) = event.kind, node.nodeID == "g" { return node.error }
            return nil
        }.last
        #expect(error?.code == "Rejected")
        #expect(error?.actor == "bob")
        #expect(error?.message.contains("numbers look wrong") == true)
    }

    @Test("a gate that waits past its timeout is TIMED_OUT; a sleep ends on time")
    func timeoutAndSleep() {
        var waiting = Driver(Self.gated(Self.signalGate), inputs: ["n": .int(1)])
        waiting.start()
        waiting.advance(by: .seconds(61))
        #expect(waiting.nodePhases["g"] == .timedOut)
        #expect(waiting.executionPhase == .failed)

        var sleeping = Driver(Self.gated(GateNode(condition: .sleep(SleepGate(duration: .seconds(30))))), inputs: ["n": .int(1)])
        sleeping.start()
        #expect(Self.gateStatus(in: sleeping)?.wakeAt == sleeping.now + .seconds(30))
        sleeping.advance(by: .seconds(29))
        #expect(sleeping.nodePhases["g"] == .paused)
        sleeping.advance(by: .seconds(1))
        #expect(sleeping.nodePhases["g"] == .succeeded)
    }

    @Test("after a restart a gate waits on: its sleep ends when it would have, and a signal set meanwhile is taken")
    func restoredGates() throws {
        let sleepy = Self.gated(GateNode(condition: .sleep(SleepGate(duration: .seconds(30)))))
        var before = Driver(sleepy, inputs: ["n": .int(1)])
        before.start()
        before.advance(by: .seconds(20))
        let (machine, effects) = try #require(ExecutionMachine.restoring(RestoreTests.persisted(before, workflow: sleepy), now: before.now))
        var after = Driver(sleepy)
        after.machine = machine
        after.events = before.events
        after.now = before.now
        after.take(effects)
        after.advance(by: .seconds(9))
        #expect(after.nodePhases["g"] == .paused, "the wait does not start over")
        after.advance(by: .seconds(1))
        #expect(after.nodePhases["g"] == .succeeded)

        let signalled = Self.gated(Self.signalGate)
        var waiting = Driver(signalled, inputs: ["n": .int(1)])
        waiting.start()
        var state = RestoreTests.persisted(waiting, workflow: signalled)
        state.signals = [Self.signal("size", .int(9))]
        let (restored, restoredEffects) = try #require(ExecutionMachine.restoring(state, now: waiting.now))
        var resumed = Driver(signalled)
        resumed.machine = restored
        resumed.events = waiting.events
        resumed.take(restoredEffects)
        #expect(resumed.nodePhases["g"] == .succeeded)
        #expect(resumed.attempt(of: "b")?.inputs == ["x": .int(9)])
    }

    /// a (task) → approve gate over a's output → b, paused at the gate.
    static func pausedAtApproval() -> (CompiledWorkflow, Driver) {
        let task = Specs.addOne()
        let workflow = Specs.workflow("approval", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            Self.gateNode("g", Self.approveGate, inputs: ["value": Specs.future("a", "y")]),
            Specs.taskNode("b", task, inputs: ["x": Specs.future("g", "value")]),
        ], tasks: [task], outputs: ["result": Specs.future("b", "y")])
        var driver = Driver(workflow, inputs: ["n": .int(1)])
        driver.start()
        driver.succeed("a", ["y": .int(2)])
        return (workflow, driver)
    }

    static func approvedAfterRestart(_ state: ExecutionState, waiting: Driver, workflow: CompiledWorkflow) throws -> Driver {
        let (restored, effects) = try #require(ExecutionMachine.restoring(state, now: waiting.now))
        var resumed = Driver(workflow)
        resumed.machine = restored
        resumed.events = waiting.events
        resumed.now = waiting.now
        resumed.take(effects)
        #expect(resumed.nodePhases["g"] == .paused)
        resumed.take(resumed.machine.signalArrived(Self.signal("ship", .bool(true)), now: resumed.now))
        return resumed
    }

    @Test("an approve gate waiting when the scheduler restarts is recorded with its value, and passes that value on when approved")
    func approvalAfterRestart() throws {
        let (workflow, waiting) = Self.pausedAtApproval()
        let state = RestoreTests.persisted(waiting, workflow: workflow)
        let record = try #require(state.nodes.first { $0.nodeID == "g" })
        #expect(record.phase == .paused)
        #expect(record.inputs == ["value": .int(2)], "the value under review is part of the gate's record")

        let resumed = try Self.approvedAfterRestart(state, waiting: waiting, workflow: workflow)
        #expect(resumed.nodePhases["g"] == .succeeded)
        #expect(resumed.attempt(of: "b")?.inputs == ["x": .int(2)])
    }

    @Test("a gate recorded without its inputs (by an earlier release) resolves them again after a restart")
    func approvalAfterRestartFromARecordWithoutInputs() throws {
        let (workflow, waiting) = Self.pausedAtApproval()
        var state = RestoreTests.persisted(waiting, workflow: workflow)
        let index = try #require(state.nodes.firstIndex { $0.nodeID == "g" })
        state.nodes[index].inputs = [:]

        let resumed = try Self.approvedAfterRestart(state, waiting: waiting, workflow: workflow)
        #expect(resumed.nodePhases["g"] == .succeeded)
        #expect(resumed.attempt(of: "b")?.inputs == ["x": .int(2)])
    }

    @Test("a value that does not fit a task's declared input (none for an int) fails the node, naming the input, before it runs")
    func mistypedInputFailsTheNode() throws {
        var driver = Driver(Self.gated(Self.signalGate), inputs: ["n": .none])
        driver.start()
        #expect(driver.attempt(of: "a") == nil, "the task never ran")
        #expect(driver.nodePhases["a"] == .failed)
        let error = driver.events.compactMap { event -> ExecutionError? in
            if case .node(let node) = event.kind, node.nodeID == "a" { return node.error }
            return nil
        }.last
        #expect(error?.code == "BadInput")
        #expect(error?.message.contains("input x: expected int, found none") == true, "\(error?.message ?? "")")
    }
}
