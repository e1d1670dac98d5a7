import SluiceCore
import SluiceEngine
import SluiceWire
import Testing

@Suite("Execution machine: caching")
struct CachingTests {
    static func cachedTask(serialize: Bool = false) -> TaskSpec {
        var task = Specs.addOne()
        task.cache = CacheSettings(enabled: true, version: "v1", serialize: serialize)
        return task
    }

    static func oneNode(_ task: TaskSpec) -> CompiledWorkflow {
        Specs.workflow("cached", nodes: [Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")])],
                       tasks: [task], outputs: ["result": Specs.future("a", "y")])
    }

    /// A driver for the machine a restarted scheduler rebuilds from what `before` persisted,
    /// with the restore's effects taken.
    static func restarted(_ before: Driver, workflow: CompiledWorkflow) throws -> Driver {
        let (machine, effects) = try #require(ExecutionMachine.restoring(
            RestoreTests.persisted(before, workflow: workflow), now: before.now))
        var after = Driver(workflow, inputs: ["n": .int(4)])
        after.machine = machine
        after.events = before.events
        after.take(effects)
        return after
    }

    /// The cache info of the node's last event.
    static func cache(of node: String, in driver: Driver) -> CacheInfo? {
        driver.events.compactMap { event -> CacheInfo? in
            if case .node(let nodeEvent) = event.kind, nodeEvent.nodeID == node { return nodeEvent.cache }
            return nil
        }.last
    }

    @Test("a hit completes the node with the cached outputs and their provenance; nothing runs")
    func hit() throws {
        var driver = Driver(Self.oneNode(Self.cachedTask()), inputs: ["n": .int(4)])
        driver.start()
        #expect(driver.queued.isEmpty)
        let lookup = try #require(driver.lookups.first)
        #expect(lookup.key.inputHash == (try CacheKeys.inputHash(["x": .int(4)])))
        let provenance = CacheProvenance(executionID: "ex-old", nodeID: "a", attempt: 1)
        driver.answerLookup("a", .hit(CacheEntry(key: lookup.key, outputs: ["y": .int(5)], provenance: provenance)))
        #expect(driver.queued.isEmpty)
        #expect(driver.executionOutputs == ["result": .int(5)])
        let info = try #require(Self.cache(of: "a", in: driver))
        #expect(info.status == .hit)
        #expect(info.source == provenance)
        #expect(info.key == CacheKeys.digest(of: lookup.key))
    }

    @Test("a miss runs the task, stores its outputs, and succeeds POPULATED once stored")
    func missThenPopulate() throws {
        var driver = Driver(Self.oneNode(Self.cachedTask()), inputs: ["n": .int(4)])
        driver.start()
        driver.answerLookup("a", .miss)
        #expect(driver.queued.map(\.nodeID) == ["a"])
        driver.succeed("a", ["y": .int(5)])
        #expect(driver.executionPhase == .running, "the node waits for its put")
        let put = try #require(driver.puts.first)
        #expect(put.entry.outputs == ["y": .int(5)])
        #expect(put.entry.provenance?.executionID == "ex-test")
        #expect(!put.overwrite)
        #expect(put.entry.digest == CacheKeys.digest(of: try #require(put.entry.key)))
        driver.answerPut("a", stored: true)
        #expect(driver.executionOutputs == ["result": .int(5)])
        #expect(Self.cache(of: "a", in: driver)?.status == .populated)
        #expect(Self.cache(of: "a", in: driver)?.key == put.entry.digest, "the node shows the key it stored under")
    }

    @Test("a catalog that fails costs the cache, not the execution: LOOKUP_FAILURE, then PUT_FAILURE")
    func catalogDown() {
        var driver = Driver(Self.oneNode(Self.cachedTask()), inputs: ["n": .int(4)])
        driver.start()
        driver.answerLookup("a", .failed("catalog down"))
        #expect(Self.cache(of: "a", in: driver)?.status == .lookupFailure)
        driver.succeed("a", ["y": .int(5)])
        driver.answerPut("a", stored: false)
        #expect(driver.executionOutputs == ["result": .int(5)])
        #expect(Self.cache(of: "a", in: driver)?.status == .putFailure)
    }

    @Test("a task without caching is DISABLED and asks nothing of the catalog")
    func disabled() {
        var driver = Driver(Self.oneNode(Specs.addOne()), inputs: ["n": .int(4)])
        driver.start()
        #expect(driver.lookups.isEmpty)
        driver.succeed("a", ["y": .int(5)])
        #expect(driver.puts.isEmpty)
        #expect(Self.cache(of: "a", in: driver)?.status == .disabled)
    }

    @Test("overwrite skips the lookup (SKIPPED) and replaces the entry")
    func overwrite() throws {
        let workflow = Self.oneNode(Self.cachedTask())
        var execution = Specs.execution(of: workflow, inputs: ["n": .int(4)])
        execution.spec?.overwriteCache = true
        var driver = Driver(workflow, inputs: ["n": .int(4)])
        driver.machine = ExecutionMachine(execution: execution, workflow: workflow)
        driver.start()
        #expect(driver.lookups.isEmpty)
        driver.succeed("a", ["y": .int(5)])
        #expect(try #require(driver.puts.first).overwrite)
        driver.answerPut("a", stored: true)
        #expect(Self.cache(of: "a", in: driver)?.status == .skipped)
    }

    @Test("a serialized task waits while another run holds the key, shows the holder, and asks again")
    func heldReservation() throws {
        var driver = Driver(Self.oneNode(Self.cachedTask(serialize: true)), inputs: ["n": .int(4)])
        driver.start()
        #expect(driver.lookups.first?.reserveAs == "ex-test/a")
        driver.answerLookup("a", .held(by: "ex-other/a"))
        #expect(driver.queued.isEmpty)
        #expect(Self.cache(of: "a", in: driver)?.waitingOnReservation == "ex-other/a")
        driver.advance(by: .seconds(1))
        #expect(driver.lookups.count == 1, "asked again once the poll interval passed")
        driver.answerLookup("a", .reserved)
        #expect(driver.queued.map(\.nodeID) == ["a"])
        #expect(Self.cache(of: "a", in: driver)?.waitingOnReservation == "")
        driver.succeed("a", ["y": .int(5)])
        #expect(driver.puts.first?.reservedAs == "ex-test/a", "the put names the reservation it releases")
    }

    @Test("a reservation holder that fails releases the key for the others")
    func failedHolderReleases() {
        var driver = Driver(Self.oneNode(Self.cachedTask(serialize: true)), inputs: ["n": .int(4)])
        driver.start()
        driver.answerLookup("a", .reserved)
        driver.fail("a")
        #expect(driver.releases == ["ex-test/a"])
        #expect(driver.executionPhase == .failed)
    }

    @Test("a node's own cache settings replace its task's")
    func nodeOverride() {
        let task = Self.cachedTask()
        var node = Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")])
        node.metadata = NodeMetadata(cache: CacheSettings(enabled: false))
        let workflow = Specs.workflow("override", nodes: [node], tasks: [task], outputs: ["result": Specs.future("a", "y")])
        var driver = Driver(workflow, inputs: ["n": .int(4)])
        driver.start()
        #expect(driver.lookups.isEmpty)
        #expect(Self.cache(of: "a", in: driver)?.status == .disabled)
    }

    @Test("an abort gives back the reservation a running node holds, and one granted after the abort")
    func abortReleasesReservations() {
        var holding = Driver(Self.oneNode(Self.cachedTask(serialize: true)), inputs: ["n": .int(4)])
        holding.start()
        holding.answerLookup("a", .reserved)
        holding.take(holding.machine.abort(AbortInfo(reason: "enough"), now: holding.now))
        #expect(holding.releases == ["ex-test/a"])

        var late = Driver(Self.oneNode(Self.cachedTask(serialize: true)), inputs: ["n": .int(4)])
        late.start()
        late.take(late.machine.abort(AbortInfo(reason: "enough"), now: late.now))
        late.answerLookup("a", .reserved)
        #expect(late.releases == ["ex-test/a"])
        #expect(late.queued.isEmpty)
    }

    @Test("a reservation is recorded with its node, so a restarted scheduler keeps it alive and the put still releases it")
    func reservationSurvivesARestart() throws {
        let workflow = Self.oneNode(Self.cachedTask(serialize: true))
        var before = Driver(workflow, inputs: ["n": .int(4)])
        before.start()
        before.answerLookup("a", .reserved)
        #expect(Self.cache(of: "a", in: before)?.holdsReservation == true)

        var after = try Self.restarted(before, workflow: workflow)
        #expect(after.holds == ["ex-test/a"], "the restarted scheduler extends the reservation again")
        #expect(after.queued.map(\.nodeID) == ["a"])
        after.succeed("a", ["y": .int(5)])
        #expect(after.puts.first?.reservedAs == "ex-test/a", "the put names the reservation it releases")
        after.answerPut("a", stored: true)
        #expect(Self.cache(of: "a", in: after)?.holdsReservation == false)
    }

    @Test("a holder restored with its attempt's success but not its node's (whose event carries the outputs) runs the task again, keeps the reservation, and finishes with real outputs")
    func restoredHalfRecordedSuccessRunsAgain() throws {
        let workflow = Self.oneNode(Self.cachedTask(serialize: true))
        var before = Driver(workflow, inputs: ["n": .int(4)])
        before.start()
        before.answerLookup("a", .reserved)
        before.succeed("a", ["y": .int(5)])
        before.answerPut("a", stored: true)
        // Persisted up to the attempt's success: the node's own success was not.
        let attemptDone = try #require(before.events.firstIndex { event in
            if case .attempt(let attempt) = event.kind { return attempt.phase == .succeeded }
            return false
        })
        before.events = Array(before.events[...attemptDone])

        var after = try Self.restarted(before, workflow: workflow)
        #expect(after.holds == ["ex-test/a"])
        #expect(after.releases.isEmpty, "the new attempt's put releases it")
        #expect(after.queued.map(\.attemptID) == ["ex-test:a:2"], "the outputs were never recorded: a new attempt runs")
        after.succeed("a", ["y": .int(5)])
        #expect(after.puts.first?.reservedAs == "ex-test/a")
        after.answerPut("a", stored: true)
        #expect(after.executionOutputs == ["result": .int(5)])
    }
}
