import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

/// Dynamic nodes in the engine, without I/O: the node runs attempts of its dynamic task, whose
/// one output is the compiled subgraph; the subgraph's nodes then join the execution under the
/// node's id, and the node ends as its subgraph does.
@Suite("Execution machine: dynamic nodes")
struct DynamicNodeTests {
    static let int = LiteralType.simple(.int)
    static let addOne = Specs.addOne()

    /// A dynamic task taking `x: int`; its subgraph gives `outputs` (by default `total: int`).
    static func planner(
        _ name: String = "plan", retries: RetryPolicy? = nil, cache: CacheSettings? = nil,
        outputs: [Variable] = [Variable(name: "total", type: int)]
    ) -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: name, version: "1")
        task.interface = TypedInterface(inputs: [Variable(name: "x", type: int)], outputs: outputs)
        task.kind = .dynamic(DynamicTask(body: .swiftName(name), style: .subgraph))
        task.retries = retries
        task.cache = cache
        return task
    }

    static func dynamicNode(_ id: String, _ task: TaskSpec, inputs: [String: Binding], metadata: NodeMetadata? = nil) -> Node {
        var node = Node()
        node.id = id
        node.inputs = inputs
        node.kind = .dynamic(DynamicNode(task: task.id))
        node.metadata = metadata
        return node
    }

    /// "up" (add-one on `n`), then the dynamic node "d" on up's `y`; the workflow's `result` is d's `total`.
    static func afterUpstream(_ planner: TaskSpec = planner()) -> CompiledWorkflow {
        Specs.workflow("dynamic-after-up", nodes: [
            Specs.taskNode("up", addOne, inputs: ["x": Specs.future("", "n")]),
            dynamicNode("d", planner, inputs: ["x": Specs.future("up", "y")]),
        ], tasks: [addOne, planner], outputs: ["result": Specs.future("d", "total")])
    }

    /// Only the dynamic node "d", on the workflow's input `n`; `result` is d's `total`.
    static func alone(
        _ planner: TaskSpec = planner(), metadata: NodeMetadata? = nil, policy: FailurePolicy = .failImmediately,
        outputs: [String: Binding] = ["result": Specs.future("d", "total")]
    ) -> CompiledWorkflow {
        Specs.workflow("dynamic-alone", nodes: [dynamicNode("d", planner, inputs: ["x": Specs.future("", "n")], metadata: metadata)],
                       tasks: [planner], outputs: outputs, policy: policy)
    }

    /// Compiles what a dynamic task returned, as admin does, against a registry holding `registered`.
    static func compiled(
        _ result: DynamicResult, task: TaskSpec = planner(), nodeID: String = "d", registered: [TaskSpec] = [addOne]
    ) throws -> CompiledWorkflow {
        try DynamicSubgraph.compile(
            result, task: task, nodeID: nodeID, failurePolicy: .failImmediately, registry: SubgraphRegistry(tasks: registered))
    }

    /// The subgraph "a" (add-one on the node's `x`) then "b" (add-one on a's `y`), giving b's `y` as `total`.
    static func chain() throws -> CompiledWorkflow {
        try compiled(DynamicResult(
            nodes: [
                Specs.taskNode("a", addOne, inputs: ["x": Specs.future("", "x")]),
                Specs.taskNode("b", addOne, inputs: ["x": Specs.future("a", "y")]),
            ],
            outputs: ["total": Specs.future("b", "y")], complete: true))
    }

    /// The node's events, in order.
    static func nodeEvents(_ id: String, in driver: Driver) -> [NodeEvent] {
        driver.events.compactMap { event -> NodeEvent? in
            if case .node(let node) = event.kind, node.nodeID == id { return node }
            return nil
        }
    }

    /// The events of the node's attempts, in order.
    static func attemptEvents(_ id: String, in driver: Driver) -> [AttemptEvent] {
        driver.events.compactMap { event -> AttemptEvent? in
            if case .attempt(let attempt) = event.kind, attempt.nodeID == id { return attempt }
            return nil
        }
    }

    static func executionError(in driver: Driver) -> ExecutionError? {
        driver.events.compactMap { event -> ExecutionError? in
            if case .execution(let change) = event.kind { return change.error }
            return nil
        }.last
    }

    /// The driver a restarted scheduler would have: a machine rebuilt from what `before`
    /// persisted, with the restore's effects taken (and `before`'s events kept).
    static func restarted(_ before: Driver, workflow: CompiledWorkflow) throws -> Driver {
        let (machine, effects) = try #require(ExecutionMachine.restoring(
            RestoreTests.persisted(before, workflow: workflow), now: before.now))
        var after = Driver(workflow)
        after.machine = machine
        after.now = before.now
        after.events = before.events
        after.take(effects)
        return after
    }

    @Test("the node's task runs on its resolved inputs, and the subgraph it returns runs under the node's id and gives its outputs")
    func splicesTheSubgraph() throws {
        let workflow = Self.afterUpstream()
        let subgraph = try Self.chain()
        var driver = Driver(workflow, inputs: ["n": .int(1)])
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["up"])
        driver.succeed("up", ["y": .int(2)])

        let attempt = try #require(driver.attempt(of: "d"))
        #expect(attempt.inputs == ["x": .int(2)])
        #expect(attempt.task == Self.planner())
        #expect(driver.nodePhases["d"] == .running)

        let reported = driver.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(reported, "the attempt is current")
        let running = try #require(Self.nodeEvents("d", in: driver).last)
        #expect(running.phase == .dynamicRunning)
        #expect(running.subgraph == subgraph, "the subgraph is recorded as it starts running")
        #expect(driver.queued.map(\.nodeID) == ["d/a"])
        #expect(driver.attempt(of: "d/a")?.inputs == ["x": .int(2)])
        #expect(driver.attempt(of: "d/a")?.task == Self.addOne)
        #expect(Self.nodeEvents("d/a", in: driver).first?.parentNodeID == "d")

        driver.succeed("d/a", ["y": .int(3)])
        #expect(driver.queued.map(\.nodeID) == ["d/b"])
        #expect(driver.attempt(of: "d/b")?.inputs == ["x": .int(3)])
        #expect(Self.nodeEvents("d/b", in: driver).first?.parentNodeID == "d")
        #expect(driver.nodePhases["d"] == .dynamicRunning, "the node runs until its subgraph has finished")

        driver.succeed("d/b", ["y": .int(4)])
        #expect(driver.nodePhases["d/b"] == .succeeded)
        #expect(driver.nodePhases["d"] == .succeeded)
        #expect(Self.nodeEvents("d", in: driver).last?.outputs == ["total": .int(4)])
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(4)])
        #expect(Self.attemptEvents("d", in: driver).map(\.phase) == [.queued, .succeeded], "the task ran once")
    }

    @Test("a subgraph node bound to the subgraph's input receives the dynamic node's input value")
    func subgraphInputsAreTheNodesInputs() throws {
        let subgraph = try Self.compiled(DynamicResult(
            nodes: [Specs.taskNode("only", Self.addOne, inputs: ["x": Specs.future("", "x")])],
            outputs: ["total": Specs.future("only", "y")], complete: true))
        var driver = Driver(Self.alone(), inputs: ["n": .int(41)])
        driver.start()
        #expect(driver.attempt(of: "d")?.inputs == ["x": .int(41)])
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(driver.attempt(of: "d/only")?.inputs == ["x": .int(41)])
        #expect(Self.nodeEvents("d/only", in: driver).first?.inputs == ["x": .int(41)], "the subgraph node records its inputs")
        driver.succeed("d/only", ["y": .int(42)])
        #expect(driver.executionOutputs == ["result": .int(42)])
    }

    @Test("a failed subgraph node fails the dynamic node and the execution, naming it; the subgraph's other nodes stop")
    func failureInsideTheSubgraph() throws {
        let subgraph = try Self.compiled(DynamicResult(
            nodes: [
                Specs.taskNode("a", Self.addOne, inputs: ["x": Specs.future("", "x")]),
                Specs.taskNode("c", Self.addOne, inputs: ["x": Specs.future("", "x")]),
            ],
            outputs: ["total": Specs.future("c", "y")], complete: true))
        var driver = Driver(Self.alone())
        driver.start()
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(Set(driver.queued.map(\.nodeID)) == ["d/a", "d/c"])
        let sibling = try #require(driver.attempt(of: "d/c"))

        driver.fail("d/a")
        #expect(driver.nodePhases["d/a"] == .failed)
        #expect(driver.nodePhases["d"] == .failed)
        #expect(driver.nodePhases["d/c"] == .aborted)
        #expect(driver.cancelled == [sibling.attemptID])
        #expect(driver.queued.isEmpty)
        let nodeError = try #require(Self.nodeEvents("d", in: driver).last?.error)
        #expect(nodeError.nodeID == "d/a")
        #expect(nodeError.code == "NonZeroExit")
        #expect(driver.executionPhase == .failed)
        #expect(Self.executionError(in: driver)?.nodeID == "d/a", "the execution's error names the subgraph node that failed")
    }

    @Test("the dynamic task's retries apply: a failed attempt is retried, and the retry's subgraph runs")
    func retriesApplyToTheTask() throws {
        let planner = Self.planner(retries: RetryPolicy(maxRetries: 1))
        let subgraph = try Self.compiled(DynamicResult(
            nodes: [Specs.taskNode("a", Self.addOne, inputs: ["x": Specs.future("", "x")])],
            outputs: ["total": Specs.future("a", "y")], complete: true), task: planner)
        var driver = Driver(Self.alone(planner), inputs: ["n": .int(5)])
        driver.start()
        let first = try #require(driver.attempt(of: "d"))
        #expect(first.attempt == 1)
        driver.fail("d")
        let second = try #require(driver.attempt(of: "d"))
        #expect(second.attempt == 2)
        #expect(second.attemptID != first.attemptID)
        #expect(second.inputs == ["x": .int(5)])
        #expect(driver.nodePhases["d"] == .running)
        #expect(!driver.nodePhases.keys.contains { $0.hasPrefix("d/") }, "nothing of a subgraph runs before an attempt returns one")

        driver.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(driver.nodePhases["d"] == .dynamicRunning)
        #expect(driver.queued.map(\.nodeID) == ["d/a"])
        #expect(Self.attemptEvents("d", in: driver).map(\.phase) == [.queued, .failed, .queued, .succeeded])
        driver.succeed("d/a", ["y": .int(6)])
        #expect(driver.executionOutputs == ["result": .int(6)])
    }

    @Test("a result that carries no readable subgraph fails the node with an error saying so, and runs nothing")
    func resultsThatAreNotSubgraphs() throws {
        let valid = try DynamicSubgraph.outputs(carrying: Self.chain())
        let bad: [(String, [String: Literal])] = [
            ("a string instead of the subgraph's bytes", [DynamicSubgraph.outputName: .string("x")]),
            ("the bytes under another name", ["plan": valid[DynamicSubgraph.outputName]!]),
            ("the subgraph and an output more", valid.merging(["extra": .int(1)]) { old, _ in old }),
            ("no outputs at all", [:]),
            ("bytes that are no compiled workflow", [DynamicSubgraph.outputName: .bytes([0xFF, 0xFF, 0xFF, 0xFF])]),
        ]
        for (what, outputs) in bad {
            var driver = Driver(Self.alone())
            driver.start()
            let reported = driver.succeed("d", outputs)
            #expect(reported, "\(what)")
            #expect(driver.nodePhases["d"] == .failed, "\(what)")
            let error = Self.nodeEvents("d", in: driver).last?.error
            #expect(error?.code == "BadOutputs", "\(what)")
            #expect(error?.message.isEmpty == false, "\(what)")
            #expect(driver.queued.isEmpty, "\(what)")
            #expect(!driver.nodePhases.keys.contains { $0.hasPrefix("d/") }, "\(what)")
            #expect(!Self.nodeEvents("d", in: driver).contains { $0.phase == .dynamicRunning }, "\(what)")
            #expect(driver.executionPhase == .failed, "\(what)")
        }
    }

    /// The outer dynamic task, the inner one, the subgraph the outer returns (the dynamic node
    /// "inner" on its `x`) and the one the inner returns ("t", add-one on its `x`).
    static func nested() throws -> (outer: TaskSpec, inner: TaskSpec, outerSubgraph: CompiledWorkflow, innerSubgraph: CompiledWorkflow) {
        let outer = Self.planner("plan-outer")
        let inner = Self.planner("plan-inner")
        let outerSubgraph = try Self.compiled(DynamicResult(
            nodes: [Self.dynamicNode("inner", inner, inputs: ["x": Specs.future("", "x")])],
            outputs: ["total": Specs.future("inner", "total")], complete: true),
            task: outer, registered: [Self.addOne, inner])
        let innerSubgraph = try Self.compiled(DynamicResult(
            nodes: [Specs.taskNode("t", Self.addOne, inputs: ["x": Specs.future("", "x")])],
            outputs: ["total": Specs.future("t", "y")], complete: true),
            task: inner, nodeID: "inner")
        return (outer, inner, outerSubgraph, innerSubgraph)
    }

    @Test("the error of a subgraph that cannot be read names the dynamic node, as every other failure of it does")
    func unreadableSubgraphErrorNamesTheNode() throws {
        // A result of the wrong type fails the attempt, and AttemptRunner names the node; bytes
        // of the right type that hold no compiled workflow fail the node in the handler.
        let outcomes: [(String, [String: Literal])] = [
            ("a string instead of the subgraph's bytes", [DynamicSubgraph.outputName: .string("x")]),
            ("bytes that are no compiled workflow", [DynamicSubgraph.outputName: .bytes([0xFF, 0xFF, 0xFF, 0xFF])]),
        ]
        for (what, outputs) in outcomes {
            var driver = Driver(Self.alone())
            driver.start()
            driver.succeed("d", outputs)
            #expect(Self.nodeEvents("d", in: driver).last?.error?.nodeID == "d", "\(what): the node's error names it")
            #expect(Self.executionError(in: driver)?.nodeID == "d", "\(what): the execution's error names the node")
        }
    }

    @Test("dynamic nodes nest: a subgraph's dynamic node runs its own task and subgraph, under both nodes' ids")
    func nestedDynamicNodes() throws {
        let (outer, inner, outerSubgraph, innerSubgraph) = try Self.nested()
        #expect(outerSubgraph.tasks.contains(inner), "the inner dynamic task is part of the compiled subgraph")

        var driver = Driver(Self.alone(outer), inputs: ["n": .int(10)])
        driver.start()
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: outerSubgraph))
        let innerAttempt = try #require(driver.attempt(of: "d/inner"))
        #expect(innerAttempt.task == inner)
        #expect(innerAttempt.inputs == ["x": .int(10)])
        #expect(Self.nodeEvents("d/inner", in: driver).first?.parentNodeID == "d")

        driver.succeed("d/inner", try DynamicSubgraph.outputs(carrying: innerSubgraph))
        #expect(driver.nodePhases["d/inner"] == .dynamicRunning)
        #expect(Self.nodeEvents("d/inner", in: driver).last?.subgraph == innerSubgraph)
        #expect(driver.queued.map(\.nodeID) == ["d/inner/t"])
        #expect(driver.attempt(of: "d/inner/t")?.inputs == ["x": .int(10)])
        #expect(Self.nodeEvents("d/inner/t", in: driver).first?.parentNodeID == "d/inner")

        driver.succeed("d/inner/t", ["y": .int(11)])
        #expect(driver.nodePhases["d/inner"] == .succeeded)
        #expect(driver.nodePhases["d"] == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(11)])
    }

    @Test("a scheduler restarted while the subgraph runs rebuilds it from the record: its nodes carry on, the task does not run again")
    func restoredWhileTheSubgraphRuns() throws {
        let workflow = Self.afterUpstream()
        let subgraph = try Self.chain()
        var before = Driver(workflow, inputs: ["n": .int(1)])
        before.start()
        before.succeed("up", ["y": .int(2)])
        before.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        before.succeed("d/a", ["y": .int(3)])
        let running = try #require(before.attempt(of: "d/b"))
        #expect(before.nodePhases["d"] == .dynamicRunning)

        var after = try Self.restarted(before, workflow: workflow)
        #expect(after.queued.map(\.attemptID) == [running.attemptID], "only d/b goes out again, under its old token")
        #expect(after.attempt(of: "d/b")?.inputs == ["x": .int(3)])
        #expect(after.attempt(of: "d") == nil, "the dynamic task does not run again")
        #expect(after.events.count == before.events.count, "restoring records nothing new")

        after.succeed("d/b", ["y": .int(4)])
        #expect(after.nodePhases["d"] == .succeeded)
        #expect(after.executionOutputs == ["result": .int(4)])
        let newEvents = after.events.dropFirst(before.events.count)
        #expect(!newEvents.contains { event in
            if case .attempt(let attempt) = event.kind { return attempt.nodeID == "d" || attempt.nodeID == "d/a" }
            return false
        }, "neither the dynamic task nor d/a ran again")
        #expect(after.events.map(\.sequence) == Array(1...UInt64(after.events.count)))
    }

    @Test("a scheduler restarted while nested subgraphs run rebuilds both from their records")
    func restoredWhileNestedSubgraphsRun() throws {
        let (outer, _, outerSubgraph, innerSubgraph) = try Self.nested()
        let workflow = Self.alone(outer)
        var before = Driver(workflow, inputs: ["n": .int(1)])
        before.start()
        before.succeed("d", try DynamicSubgraph.outputs(carrying: outerSubgraph))
        before.succeed("d/inner", try DynamicSubgraph.outputs(carrying: innerSubgraph))
        let running = try #require(before.attempt(of: "d/inner/t"))

        var after = try Self.restarted(before, workflow: workflow)
        #expect(after.queued.map(\.attemptID) == [running.attemptID], "only d/inner/t goes out again")
        #expect(after.attempt(of: "d/inner/t")?.inputs == ["x": .int(1)])
        after.succeed("d/inner/t", ["y": .int(2)])
        #expect(after.nodePhases["d/inner"] == .succeeded)
        #expect(after.nodePhases["d"] == .succeeded)
        #expect(after.executionOutputs == ["result": .int(2)])
    }

    @Test("a scheduler restarted while the dynamic task runs dispatches its attempt again, then runs the subgraph it returns")
    func restoredWhileTheTaskRuns() throws {
        let workflow = Self.afterUpstream()
        let subgraph = try Self.chain()
        var before = Driver(workflow, inputs: ["n": .int(1)])
        before.start()
        before.succeed("up", ["y": .int(2)])
        let running = try #require(before.attempt(of: "d"))

        var after = try Self.restarted(before, workflow: workflow)
        #expect(after.queued.map(\.attemptID) == [running.attemptID], "the same attempt goes out again under its old token")
        #expect(after.attempt(of: "d")?.attempt == 1)
        #expect(after.attempt(of: "d")?.inputs == ["x": .int(2)])
        #expect(after.attempt(of: "d")?.task == Self.planner())

        let reported = after.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(reported, "the old attempt's result counts")
        #expect(after.nodePhases["d"] == .dynamicRunning)
        #expect(Self.nodeEvents("d", in: after).last?.subgraph == subgraph)
        #expect(after.queued.map(\.nodeID) == ["d/a"])
        after.succeed("d/a", ["y": .int(3)])
        after.succeed("d/b", ["y": .int(4)])
        #expect(after.executionOutputs == ["result": .int(4)])
        #expect(after.events.map(\.sequence) == Array(1...UInt64(after.events.count)))
    }

    @Test("an empty subgraph whose outputs are literals or its inputs succeeds at once with them")
    func emptySubgraphSucceedsAtOnce() throws {
        let planner = Self.planner(outputs: [Variable(name: "total", type: Self.int), Variable(name: "label", type: .simple(.string))])
        let subgraph = try Self.compiled(DynamicResult(
            nodes: [], outputs: ["total": Specs.future("", "x"), "label": .literal(.string("nothing to do"))], complete: true),
            task: planner)
        let workflow = Self.alone(planner, outputs: ["result": Specs.future("d", "total"), "label": Specs.future("d", "label")])
        var driver = Driver(workflow, inputs: ["n": .int(7)])
        driver.start()
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: subgraph))
        #expect(driver.queued.isEmpty)
        #expect(Self.nodeEvents("d", in: driver).map(\.phase) == [.running, .dynamicRunning, .succeeded])
        #expect(Self.nodeEvents("d", in: driver).last?.outputs == ["total": .int(7), "label": .string("nothing to do")])
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(7), "label": .string("nothing to do")])
    }

    @Test("a cached dynamic task's hit runs the cached subgraph without running the task")
    func cacheHitRunsTheCachedSubgraph() throws {
        let planner = Self.planner(cache: CacheSettings(enabled: true, version: "1"))
        let subgraph = try Self.compiled(DynamicResult(
            nodes: [Specs.taskNode("a", Self.addOne, inputs: ["x": Specs.future("", "x")])],
            outputs: ["total": Specs.future("a", "y")], complete: true), task: planner)
        var driver = Driver(Self.alone(planner), inputs: ["n": .int(3)])
        driver.start()
        #expect(driver.lookups.map(\.nodeID) == ["d"])
        let lookup = try #require(driver.lookups.first)
        driver.answerLookup("d", .hit(CacheEntry(key: lookup.key, outputs: try DynamicSubgraph.outputs(carrying: subgraph))))
        #expect(driver.attempt(of: "d") == nil)
        #expect(driver.nodePhases["d"] == .dynamicRunning)
        #expect(Self.nodeEvents("d", in: driver).last?.subgraph == subgraph)
        #expect(driver.queued.map(\.nodeID) == ["d/a"])
        driver.succeed("d/a", ["y": .int(4)])
        #expect(driver.executionOutputs == ["result": .int(4)])
        #expect(Self.attemptEvents("d", in: driver).isEmpty)
    }

    @Test("a dynamic node restored while it runs its subgraph keeps its own timeout")
    func timeoutSurvivesARestartWhileTheSubgraphRuns() throws {
        let workflow = Self.alone(metadata: NodeMetadata(timeout: .seconds(60)))
        var before = Driver(workflow)
        before.start()
        #expect(before.timers.contains { $0.key == .nodeTimeout(nodeID: "d") })
        before.succeed("d", try DynamicSubgraph.outputs(carrying: Self.chain()))
        #expect(before.nodePhases["d"] == .dynamicRunning)

        let (_, effects) = try #require(ExecutionMachine.restoring(RestoreTests.persisted(before, workflow: workflow), now: before.now))
        let timers = effects.compactMap { effect -> TimerKey? in
            if case .timer(_, let key) = effect { return key }
            return nil
        }
        #expect(timers.contains(.nodeTimeout(nodeID: "d")), "the node's timeout is armed again: \(timers)")
    }

    @Test("under FAIL_AFTER_RUNNING_NODES, a dynamic task that succeeds after another node failed starts no subgraph, and the execution ends")
    func aFailureElsewhereEndsTheExecutionWhenTheTaskReturns() throws {
        let workflow = Specs.workflow("dynamic-beside-a-failure", nodes: [
            Specs.taskNode("other", Self.addOne, inputs: ["x": Specs.future("", "n")]),
            Self.dynamicNode("d", Self.planner(), inputs: ["x": Specs.future("", "n")]),
        ], tasks: [Self.addOne, Self.planner()], outputs: ["result": Specs.future("d", "total")], policy: .failAfterRunningNodes)
        var driver = Driver(workflow)
        driver.start()
        driver.fail("other", code: "Broken")
        #expect(driver.executionPhase == .running, "d's task still runs")
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: Self.chain()))
        #expect(driver.attempt(of: "d/a") == nil, "no subgraph node starts after a failure")
        #expect(driver.executionPhase == .failed)
    }

    @Test("when a dynamic node times out while its subgraph runs, the subgraph's running attempts stop")
    func timeoutStopsTheSubgraph() throws {
        // Under FAIL_AFTER_RUNNING_NODES the execution waits for what still runs, so what the
        // node's timeout stops shows.
        let workflow = Self.alone(metadata: NodeMetadata(timeout: .seconds(60)), policy: .failAfterRunningNodes)
        var driver = Driver(workflow)
        driver.start()
        driver.succeed("d", try DynamicSubgraph.outputs(carrying: Self.chain()))
        let running = try #require(driver.attempt(of: "d/a"))
        driver.advance(by: .seconds(61))
        #expect(driver.nodePhases["d"] == .timedOut)
        #expect(driver.cancelled.contains(running.attemptID), "d/a's attempt is cancelled: \(driver.cancelled)")
        #expect(driver.nodePhases["d/a"] == .aborted)
        #expect(driver.executionPhase == .failed, "nothing runs any more, so the execution ends")
    }
}

/// The registered tasks a subgraph is compiled against.
private struct SubgraphRegistry: WorkflowRegistry {
    let tasks: [TaskSpec]

    func task(_ id: Identifier) throws -> TaskSpec? {
        tasks.last { $0.id?.name == id.name && (id.version.isEmpty || $0.id?.version == id.version) }
    }

    func workflow(_ id: Identifier) throws -> CompiledWorkflow? { nil }
}
