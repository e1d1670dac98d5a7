import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

/// Map nodes in the engine, without I/O: each element a child task node, gathered in order.
@Suite("Execution machine: map nodes")
struct MapNodeTests {
    static let task = Specs.addOne()
    static let int = LiteralType.simple(.int)

    /// A workflow of one map node "m" over `xs`, its task add-one (x → y), giving `ys`.
    static func mapping(
        concurrency: UInt32 = 0, criteria: MapNode.SuccessCriteria? = nil, task: TaskSpec = task,
        extraMapped: [String] = [], metadata: NodeMetadata? = nil
    ) -> CompiledWorkflow {
        var node = Node()
        node.id = "m"
        node.inputs = ["x": Specs.future("", "xs")]
        node.kind = .map(MapNode(task: task.id, mappedInputs: ["x"] + extraMapped, concurrency: concurrency, successCriteria: criteria))
        node.metadata = metadata
        return Specs.workflow(
            "mapping", nodes: [node], tasks: [task], outputs: ["ys": Specs.future("m", "y")],
            inputs: [Variable(name: "xs", type: .collection(int))])
    }

    static func list(_ values: [Int]) -> [String: Literal] {
        ["xs": .collection(values.map { .int(Int64($0)) })]
    }

    /// Succeeds every queued element with x + 1.
    static func succeedAll(_ driver: inout Driver) {
        while let attempt = driver.queued.first {
            guard case .int(let x)? = attempt.inputs["x"] else { return }
            driver.succeed(attempt.nodeID, ["y": .int(x + 1)])
        }
    }

    @Test("every element runs as its own child node, and the outputs are gathered in element order")
    func elementsRunAndGatherInOrder() {
        var driver = Driver(Self.mapping(), inputs: Self.list([5, 6, 7]))
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["m[0]", "m[1]", "m[2]"])
        // Out of order: the outputs still come in element order.
        driver.succeed("m[2]", ["y": .int(8)])
        driver.succeed("m[0]", ["y": .int(6)])
        driver.succeed("m[1]", ["y": .int(7)])
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["ys": .collection([.int(6), .int(7), .int(8)])])
        let elementEvents = driver.events.compactMap { event -> NodeEvent? in
            if case .node(let node) = event.kind, node.nodeID.hasPrefix("m[") { return node }
            return nil
        }
        #expect(elementEvents.allSatisfy { $0.parentNodeID == "m" && $0.kind == .task })
        #expect(elementEvents.first { $0.nodeID == "m[1]" }?.inputs == ["x": .int(6)], "each element records its own inputs")
    }

    @Test("an empty list succeeds at once with empty outputs")
    func emptyListSucceeds() {
        var driver = Driver(Self.mapping(), inputs: Self.list([]))
        driver.start()
        #expect(driver.queued.isEmpty)
        #expect(driver.executionOutputs == ["ys": .collection([])])
    }

    @Test("the concurrency limit holds: a new element starts only as one ends")
    func concurrencyIsHeld() {
        var driver = Driver(Self.mapping(concurrency: 2), inputs: Self.list([1, 2, 3, 4, 5]))
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["m[0]", "m[1]"])
        driver.succeed("m[1]", ["y": .int(3)])
        #expect(driver.queued.map(\.nodeID) == ["m[0]", "m[2]"])
        Self.succeedAll(&driver)
        #expect(driver.executionOutputs == ["ys": .collection([2, 3, 4, 5, 6].map { .int($0) })])
    }

    @Test("zipped inputs give each element its pair; lengths that differ fail the node naming both")
    func zippedInputs() {
        var task = Specs.addOne()
        task.interface?.inputs.append(Variable(name: "z", type: Self.int))
        var node = Node()
        node.id = "m"
        node.inputs = ["x": Specs.future("", "xs"), "z": Specs.future("", "zs")]
        node.kind = .map(MapNode(task: task.id, mappedInputs: ["x", "z"]))
        let workflow = Specs.workflow(
            "zipped", nodes: [node], tasks: [task], outputs: ["ys": Specs.future("m", "y")],
            inputs: [Variable(name: "xs", type: .collection(Self.int)), Variable(name: "zs", type: .collection(Self.int))])

        var paired = Driver(workflow, inputs: ["xs": .collection([.int(1), .int(2)]), "zs": .collection([.int(10), .int(20)])])
        paired.start()
        #expect(paired.queued.map(\.inputs) == [["x": .int(1), "z": .int(10)], ["x": .int(2), "z": .int(20)]])

        var uneven = Driver(workflow, inputs: ["xs": .collection([.int(1), .int(2)]), "zs": .collection([.int(10)])])
        uneven.start()
        #expect(uneven.nodePhases["m"] == .failed)
        let error = uneven.events.compactMap { event -> ExecutionError? in
            if case .execution(let change) = event.kind { return change.error }
            return nil
        }.last
        #expect(error?.message == "mapped inputs have different lengths: 'x' has 2 elements, 'z' has 1")
    }

    @Test("with min_successes below all, a failed element's outputs are none and the node succeeds")
    func minSuccessesReached() {
        var driver = Driver(Self.mapping(criteria: .minSuccesses(2)), inputs: Self.list([1, 2, 3]))
        driver.start()
        driver.fail("m[1]")
        Self.succeedAll(&driver)
        #expect(driver.nodePhases["m[1]"] == .failed)
        #expect(driver.executionOutputs == ["ys": .collection([.int(2), .none, .int(4)])])
    }

    @Test("once too many elements fail, the node fails at once, the running ones stop, and the error names the element")
    func minSuccessRatioMissed() {
        var driver = Driver(Self.mapping(criteria: .minSuccessRatio(0.75)), inputs: Self.list([1, 2, 3, 4]))
        driver.start()
        let running = driver.queued.map(\.attemptID)
        driver.fail("m[0]")
        #expect(driver.nodePhases["m"] == .running, "three of four may still succeed")
        driver.fail("m[3]")
        #expect(driver.nodePhases["m"] == .failed)
        #expect(driver.nodePhases["m[1]"] == .aborted && driver.nodePhases["m[2]"] == .aborted)
        #expect(Set(driver.cancelled) == Set(running.filter { !$0.contains("m[0]") && !$0.contains("m[3]") }))
        let error = driver.events.compactMap { event -> ExecutionError? in
            if case .node(let node) = event.kind, node.nodeID == "m" { return node.error }
            return nil
        }.last
        #expect(error?.code == "ElementsFailed")
        #expect(error?.message.hasPrefix("2 element(s) failed and at least 3 of 4 had to succeed: first, m[0]: NonZeroExit") == true,
                "\(error?.message ?? "")")
        #expect(driver.executionPhase == .failed)
    }

    @Test("each element has its own retries, taken from the task or the node's override")
    func retriesPerElement() {
        var retries = RetryPolicy()
        retries.maxRetries = 1
        var driver = Driver(Self.mapping(metadata: NodeMetadata(retries: retries)), inputs: Self.list([1, 2]))
        driver.start()
        driver.fail("m[0]")
        #expect(driver.attempt(of: "m[0]")?.attempt == 2, "element 0 is retried on its own")
        #expect(driver.attempt(of: "m[1]")?.attempt == 1)
        Self.succeedAll(&driver)
        #expect(driver.executionOutputs == ["ys": .collection([.int(2), .int(3)])])
    }

    @Test("caching is per element: a hit serves its element, a miss runs only that one")
    func cachePerElement() {
        var task = Specs.addOne()
        task.cache = CacheSettings(enabled: true, version: "1")
        var driver = Driver(Self.mapping(task: task), inputs: Self.list([1, 2]))
        driver.start()
        #expect(driver.lookups.map(\.nodeID) == ["m[0]", "m[1]"])
        var entry = CacheEntry()
        entry.outputs = ["y": .int(2)]
        entry.digest = "sha256:one"
        driver.answerLookup("m[0]", .hit(entry))
        driver.answerLookup("m[1]", .miss)
        #expect(driver.queued.map(\.nodeID) == ["m[1]"])
        driver.succeed("m[1]", ["y": .int(3)])
        driver.answerPut("m[1]", stored: true)
        #expect(driver.executionOutputs == ["ys": .collection([.int(2), .int(3)])])
        let statuses = driver.events.compactMap { event -> (String, CacheStatus)? in
            if case .node(let node) = event.kind, node.phase == .succeeded, let cache = node.cache { return (node.nodeID, cache.status) }
            return nil
        }
        #expect(statuses.map(\.0) == ["m[0]", "m[1]"])
        #expect(statuses.map(\.1) == [.hit, .populated])
    }

    @Test("a scheduler restarted mid-map rebuilds the elements from their records and finishes with the same outputs")
    func restoredMidMap() throws {
        let workflow = Self.mapping(concurrency: 2)
        var before = Driver(workflow, inputs: Self.list([1, 2, 3, 4, 5]))
        before.start()
        before.succeed("m[0]", ["y": .int(2)])
        let running = before.queued.map(\.attemptID)
        #expect(running.count == 2)

        var state = RestoreTests.persisted(before, workflow: workflow)
        state.execution?.spec?.inputs = Self.list([1, 2, 3, 4, 5])
        let (machine, effects) = try #require(ExecutionMachine.restoring(state, now: before.now))
        var after = before
        after.machine = machine
        after.queued = []
        after.events = before.events
        after.take(effects)
        #expect(Set(after.queued.map(\.attemptID)) == Set(running), "the running elements go out again under their old tokens")
        Self.succeedAll(&after)
        #expect(after.executionOutputs == ["ys": .collection([2, 3, 4, 5, 6].map { .int($0) })])
        let succeededTwice = Dictionary(grouping: after.events.compactMap { event -> String? in
            if case .node(let node) = event.kind, node.phase == .succeeded { return node.nodeID }
            return nil
        }, by: { $0 }).filter { $0.value.count > 1 }
        #expect(succeededTwice.isEmpty, "no element succeeded twice: \(succeededTwice.keys.sorted())")
    }
}

@Suite("Execution machine: map nodes, edge cases")
struct MapNodeEdgeTests {
    typealias M = MapNodeTests

    @Test("min_success_ratio asks for exactly the share it says, not one more through floating-point error")
    func ratioRoundsToTheShare() {
        // 0.07 × 100 is 7.000000000000001 in floating point: 7 must be enough.
        var driver = Driver(M.mapping(criteria: .minSuccessRatio(0.07)), inputs: M.list(Array(0..<100)))
        driver.start()
        for index in 0..<93 { driver.fail("m[\(index)]") }
        M.succeedAll(&driver)
        #expect(driver.executionPhase == .succeeded)
    }

    @Test("elements whose inputs do not fit the task fail as they start, without the map nesting a call per element")
    func elementsFailingAtOnceDoNotNest() {
        var node = Node()
        node.id = "m"
        node.inputs = ["x": Specs.future("", "xs")]
        node.kind = .map(MapNode(task: M.task.id, mappedInputs: ["x"], successCriteria: .minSuccesses(0)))
        let workflow = Specs.workflow(
            "bad-elements", nodes: [node], tasks: [M.task], outputs: ["ys": Specs.future("m", "y")],
            inputs: [Variable(name: "xs", type: .collection(.simple(.string)))])
        // 20,000 elements of the wrong type: each fails at its start. A call nested per element
        // would overflow the stack long before the end.
        var driver = Driver(workflow, inputs: ["xs": .collection(Array(repeating: .string("no"), count: 20_000))])
        driver.start()
        #expect(driver.nodePhases["m[19999]"] == .failed)
        #expect(driver.executionOutputs["ys"] == .collection(Array(repeating: .none, count: 20_000)))
    }

    @Test("a map restored after a restart keeps its own timeout")
    func timeoutSurvivesARestart() throws {
        let workflow = M.mapping(concurrency: 1, metadata: NodeMetadata(timeout: .seconds(60)))
        var before = Driver(workflow, inputs: M.list([1, 2, 3]))
        before.start()
        var state = RestoreTests.persisted(before, workflow: workflow)
        state.execution?.spec?.inputs = M.list([1, 2, 3])
        let (_, effects) = try #require(ExecutionMachine.restoring(state, now: before.now))
        let timers = effects.compactMap { effect -> TimerKey? in
            if case .timer(_, let key) = effect { return key }
            return nil
        }
        #expect(timers.contains(.nodeTimeout(nodeID: "m")))
    }

    @Test("an attempt the executor reports as timed out (by the error's kind) makes the node TIMED_OUT")
    func executorTimeoutsAreTimeouts() {
        var driver = Driver(FailureHandlingTests.single(Specs.addOne()))
        driver.start()
        driver.fail("a", kind: .timeout, code: "Timeout")
        #expect(driver.nodePhases["a"] == .timedOut)
    }
}
