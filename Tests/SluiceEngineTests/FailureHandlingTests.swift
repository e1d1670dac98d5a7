import SluiceEngine
import SluiceWire
import Testing

@Suite("Execution machine: retries, timeouts, failure policies, abort")
struct FailureHandlingTests {
    static func single(_ task: TaskSpec, policy: FailurePolicy = .failImmediately) -> CompiledWorkflow {
        Specs.workflow("one", nodes: [Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")])],
                       tasks: [task], outputs: ["y": Specs.future("a", "y")], policy: policy)
    }

    @Test("A user error is retried with backoff, and the retry's success completes the node")
    func retryThenSucceed() {
        var policy = RetryPolicy()
        policy.maxRetries = 2
        policy.initialBackoff = .seconds(2)
        var driver = Driver(Self.single(Specs.addOne(retries: policy)))
        driver.start()
        driver.fail("a")
        // Attempt 2 waits for its backoff before it is dispatched.
        #expect(driver.queued.isEmpty)
        #expect(driver.timers.contains { $0.key == .retry(nodeID: "a", attempt: 2) })
        driver.advance(by: .seconds(1))
        #expect(driver.queued.isEmpty)
        driver.advance(by: .seconds(1))
        #expect(driver.attempt(of: "a")?.attempt == 2)
        driver.succeed("a", ["y": .int(2)])
        #expect(driver.executionPhase == .succeeded)
    }

    @Test("Retries exhausted fail the node and the execution with the last error")
    func retriesExhausted() {
        var policy = RetryPolicy()
        policy.maxRetries = 1
        var driver = Driver(Self.single(Specs.addOne(retries: policy)))
        driver.start()
        driver.fail("a")
        #expect(driver.attempt(of: "a")?.attempt == 2)
        driver.fail("a")
        #expect(driver.nodePhases["a"] == .failed)
        #expect(driver.executionPhase == .failed)
        #expect(driver.queued.isEmpty)
    }

    @Test("System errors have their own budget, apart from user retries")
    func systemBudget() {
        var policy = RetryPolicy()
        policy.maxRetries = 0
        policy.maxSystemRetries = 2
        var driver = Driver(Self.single(Specs.addOne(retries: policy)))
        driver.start()
        driver.fail("a", kind: .system, code: "HeartbeatMissed")
        driver.fail("a", kind: .system, code: "HeartbeatMissed")
        #expect(driver.attempt(of: "a")?.attempt == 3)
        driver.fail("a", kind: .system, code: "HeartbeatMissed")
        #expect(driver.executionPhase == .failed)
    }

    @Test("A result for an attempt that is no longer current is refused")
    func staleAttempt() {
        var policy = RetryPolicy()
        policy.maxRetries = 1
        var driver = Driver(Self.single(Specs.addOne(retries: policy)))
        driver.start()
        let first = try! #require(driver.attempt(of: "a"))
        driver.fail("a")
        let late = driver.machine.attemptSucceeded(first.attemptID, outputs: ["y": .int(1)], executorID: "late", now: driver.now)
        #expect(late == nil)
        #expect(driver.machine.isCurrent(attemptID: first.attemptID) == false)
        #expect(driver.machine.isCurrent(attemptID: driver.attempt(of: "a")!.attemptID))
    }

    @Test("An attempt that outlives the task's timeout is cancelled and fails TIMED_OUT")
    func attemptTimeout() {
        var driver = Driver(Self.single(Specs.addOne(timeout: .seconds(5))))
        driver.start()
        let attempt = try! #require(driver.attempt(of: "a"))
        driver.take(driver.machine.attemptDelivered(attempt.attemptID, executorID: "e1", now: driver.now))
        driver.advance(by: .seconds(6))
        #expect(driver.cancelled == [attempt.attemptID])
        #expect(driver.nodePhases["a"] == .timedOut)
        #expect(driver.executionPhase == .failed)
    }

    @Test("A task's own error code never decides the phase: an error coded Timeout is FAILED, not TIMED_OUT")
    func userCodesDoNotDecidePhases() {
        var driver = Driver(Self.single(Specs.addOne()))
        driver.start()
        driver.fail("a", code: "Timeout")
        #expect(driver.nodePhases["a"] == .failed)
        #expect(driver.executionPhase == .failed)
        let attemptPhases = driver.events.compactMap { event -> AttemptPhase? in
            if case .attempt(let change)? = event.kind { return change.phase }
            return nil
        }
        #expect(attemptPhases == [.queued, .failed])
    }

    static func twoParallel(policy: FailurePolicy) -> CompiledWorkflow {
        let task = Specs.addOne()
        return Specs.workflow("pair", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            Specs.taskNode("b", task, inputs: ["x": Specs.future("", "n")]),
            Specs.taskNode("c", task, inputs: ["x": Specs.future("b", "y")]),
        ], tasks: [task], outputs: [:], policy: policy)
    }

    @Test("Fail immediately: a failure aborts the nodes still running")
    func failImmediately() {
        var driver = Driver(Self.twoParallel(policy: .failImmediately))
        driver.start()
        let b = try! #require(driver.attempt(of: "b"))
        driver.fail("a")
        #expect(driver.executionPhase == .failed)
        #expect(driver.cancelled == [b.attemptID])
        #expect(driver.nodePhases["b"] == .aborted)
    }

    @Test("Fail after running nodes: running nodes finish, nothing new starts, then the execution fails")
    func failAfterRunning() {
        var driver = Driver(Self.twoParallel(policy: .failAfterRunningNodes))
        driver.start()
        driver.fail("a")
        #expect(driver.executionPhase == .running)
        let accepted = driver.succeed("b", ["y": .int(2)])
        #expect(accepted)
        #expect(driver.nodePhases["b"] == .succeeded)
        #expect(driver.attempt(of: "c") == nil)
        #expect(driver.executionPhase == .failed)
    }

    @Test("Abort cancels running attempts and records who aborted")
    func abort() {
        var driver = Driver(Self.twoParallel(policy: .failImmediately))
        driver.start()
        var info = AbortInfo()
        info.reason = "wrong inputs"
        info.actor = "ana"
        driver.take(driver.machine.abort(info, now: driver.now))
        #expect(driver.executionPhase == .aborted)
        #expect(Set(driver.cancelled).count == 2)
        #expect(driver.machine.isFinished)
        let recorded = driver.events.compactMap { event -> AbortInfo? in
            if case .execution(let execution) = event.kind { return execution.abort }
            return nil
        }
        #expect(recorded.first?.actor == "ana")
    }

    @Test("The execution's own timeout ends it TIMED_OUT")
    func executionTimeout() {
        let workflow = Self.single(Specs.addOne())
        var execution = Specs.execution(of: workflow)
        execution.spec?.timeout = .seconds(30)
        var driver = Driver(workflow)
        driver.machine = ExecutionMachine(execution: execution, workflow: workflow)
        driver.start()
        driver.advance(by: .seconds(31))
        #expect(driver.executionPhase == .timedOut)
        #expect(driver.cancelled.count == 1)
    }
}
