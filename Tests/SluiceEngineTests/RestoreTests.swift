import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

/// A restarted scheduler rebuilds each execution from what admin persisted (the events,
/// applied with admin's own rules) and carries on as if it had never stopped.
@Suite("Execution machine: restore after a restart")
struct RestoreTests {
    /// What admin would hold after applying the driver's events.
    static func persisted(_ driver: Driver, workflow: CompiledWorkflow) -> ExecutionState {
        var execution = Specs.execution(of: workflow)
        var nodes: [String: NodeExecution] = [:]
        for event in driver.events {
            EventApplication.apply(event, to: &execution, nodes: &nodes, receivedAt: driver.now)
        }
        return ExecutionState(execution: execution, workflow: workflow, nodes: Array(nodes.values), signals: [])
    }

    static let task = Specs.addOne()
    static let chain = Specs.workflow("chain", nodes: [
        Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
        Specs.taskNode("b", task, inputs: ["x": Specs.future("a", "y")]),
        Specs.taskNode("c", task, inputs: ["x": Specs.future("b", "y")]),
    ], tasks: [task], outputs: ["result": Specs.future("c", "y")])

    @Test("A running attempt is dispatched again under its old fencing token; the rest follows")
    func resumesARunningAttempt() throws {
        var before = Driver(Self.chain, inputs: ["n": .int(1)])
        before.start()
        before.succeed("a", ["y": .int(2)])
        let running = try #require(before.attempt(of: "b"))

        let (machine, effects) = try #require(ExecutionMachine.restoring(Self.persisted(before, workflow: Self.chain), now: before.now))
        var after = Driver(Self.chain)
        after.machine = machine
        after.events = before.events
        after.take(effects)
        #expect(after.queued.map(\.attemptID) == [running.attemptID])
        #expect(after.attempt(of: "b")?.inputs == ["x": .int(2)])
        // The executor that still ran it reports under the old token, and it counts.
        after.succeed("b", ["y": .int(3)])
        after.succeed("c", ["y": .int(4)])
        #expect(after.executionOutputs == ["result": .int(4)])
        // Numbering carries on from the last persisted event, without gaps or repeats.
        #expect(after.events.map(\.sequence) == Array(1...UInt64(after.events.count)))
    }

    @Test("A retry waiting for its backoff waits only for what remains of it")
    func resumesABackoff() throws {
        var policy = RetryPolicy()
        policy.maxRetries = 1
        policy.initialBackoff = .seconds(10)
        let flaky = Specs.addOne(retries: policy)
        let workflow = Specs.workflow("one", nodes: [Specs.taskNode("a", flaky, inputs: ["x": Specs.future("", "n")])],
                                      tasks: [flaky], outputs: ["y": Specs.future("a", "y")])
        var before = Driver(workflow)
        before.start()
        before.fail("a")
        let restartAt = before.now + .seconds(4)
        let (machine, effects) = try #require(ExecutionMachine.restoring(Self.persisted(before, workflow: workflow), now: restartAt))
        var after = Driver(workflow)
        after.machine = machine
        after.now = restartAt
        after.take(effects)
        #expect(after.queued.isEmpty)
        #expect(after.timers.map(\.at) == [before.now + .seconds(10)])
        after.advance(by: .seconds(6))
        #expect(after.attempt(of: "a")?.attempt == 2)
    }

    @Test("A failure the crash interrupted is decided again: the retry budget still holds")
    func decidesAnInterruptedFailure() throws {
        var policy = RetryPolicy()
        policy.maxRetries = 1
        let flaky = Specs.addOne(retries: policy)
        let workflow = Specs.workflow("one", nodes: [Specs.taskNode("a", flaky, inputs: ["x": Specs.future("", "n")])],
                                      tasks: [flaky], outputs: ["y": Specs.future("a", "y")])
        var before = Driver(workflow)
        before.start()
        before.fail("a")
        // Keep the failed attempt's event but drop the retry the machine queued with it.
        before.events.removeLast()
        let (machine, effects) = try #require(ExecutionMachine.restoring(Self.persisted(before, workflow: workflow), now: before.now))
        var after = Driver(workflow)
        after.machine = machine
        after.take(effects)
        #expect(after.attempt(of: "a")?.attempt == 2)
        after.fail("a")
        #expect(after.nodePhases["a"] == .failed)
        #expect(after.executionPhase == .failed)
    }

    @Test("an attempt an executor took is recorded RUNNING there, and after a restart is dispatched naming that executor")
    func deliveredAttemptsAreRecordedAndRestoredWithTheirExecutor() throws {
        var before = Driver(Self.chain, inputs: ["n": .int(1)])
        before.start()
        let attempt = try #require(before.attempt(of: "a"))
        before.take(before.machine.attemptDelivered(attempt.attemptID, executorID: "e7", now: before.now))
        let recorded = before.events.compactMap { event -> AttemptEvent? in
            if case .attempt(let change) = event.kind { return change }
            return nil
        }
        #expect(recorded.map(\.phase) == [.queued, .running])
        #expect(recorded.last?.executorID == "e7")

        let (_, effects) = try #require(ExecutionMachine.restoring(Self.persisted(before, workflow: Self.chain), now: before.now))
        let dispatches = effects.compactMap { effect -> AttemptDispatch? in
            if case .dispatch(let dispatch) = effect { return dispatch }
            return nil
        }
        #expect(dispatches.map(\.assignment.attemptID) == [attempt.attemptID])
        #expect(dispatches.first?.heldBy == "e7", "the executor that took it may still run it")

        // One never taken is dispatched to anyone.
        var queuedOnly = Driver(Self.chain, inputs: ["n": .int(1)])
        queuedOnly.start()
        let (_, fresh) = try #require(ExecutionMachine.restoring(Self.persisted(queuedOnly, workflow: Self.chain), now: queuedOnly.now))
        #expect(fresh.contains { if case .dispatch(let dispatch) = $0 { dispatch.heldBy.isEmpty } else { false } })
    }
}
