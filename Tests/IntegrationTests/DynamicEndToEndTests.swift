import Foundation
import SluiceKit
import SluiceRPC
import SluiceWire
import Synchronization
import Testing

/// The model search on real services: a Swift worker runs a task that finds the models, then a
/// dynamic task that returns one evaluation per model and a pick of the best; admin compiles
/// the subgraph and the scheduler splices it in.
@Suite("Dynamic nodes on real services", .serialized)
struct DynamicEndToEndTests {
    struct Search: Codable, Sendable { var largest: Int; var pause: Int }
    struct Models: Codable, Sendable { var ks: [Int]; var pause: Int }
    struct Model: Codable, Sendable { var k: Int; var pause: Int }
    struct Score: Codable, Sendable { var score: Double }
    struct Scores: Codable, Sendable { var ks: [Int]; var scores: [Double] }
    struct Best: Codable, Sendable, Equatable { var k: Int; var score: Double }

    /// How often each dynamic task body ran in this process (the worker runs here).
    static let subgraphsBuilt = Mutex(0)

    static let getModels = SwiftTask("e2e-get-models", version: "1") { (input: Search) in
        Models(ks: Array(2...input.largest), pause: input.pause)
    }

    /// Best at k = 5; sleeps `pause` milliseconds, so that a test can act while it runs.
    static let evaluate = SwiftTask("e2e-evaluate", version: "1", cache: Caching(version: "1")) { (input: Model) in
        try await Task.sleep(for: .milliseconds(input.pause))
        return Score(score: 100 - Double((input.k - 5) * (input.k - 5)))
    }

    static let pickBest = SwiftTask("e2e-pick-best", version: "1") { (input: Scores) in
        let best = input.scores.indices.max { input.scores[$0] < input.scores[$1] }!
        return Best(k: input.ks[best], score: input.scores[best])
    }

    static let evaluateAll = DynamicTask(
        "e2e-evaluate-all", version: "1", cache: Caching(version: "1"), calls: [evaluate, pickBest]
    ) { (input: Models, wf: Workflow<Models, Best>.Builder) in
        subgraphsBuilt.withLock { $0 += 1 }
        let scores = input.ks.map { k in
            wf.call(evaluate, id: "k\(k)") {
                $0.k = .constant(k)
                $0.pause = wf.input(\.pause)
            }
        }
        let best = wf.call(pickBest, id: "best") {
            $0.ks = .constant(input.ks)
            $0.scores = wf.collect(scores.map(\.score))
        }
        return wf.outputs {
            $0.k = best.k
            $0.score = best.score
        }
    }

    static let search = Workflow("e2e-model-search", version: "1", input: Search.self, output: Best.self) { wf in
        let models = wf.call(getModels, id: "models") {
            $0.largest = wf.input(\.largest)
            $0.pause = wf.input(\.pause)
        }
        let best = wf.call(evaluateAll, id: "evaluate") {
            $0.ks = models.ks
            $0.pause = wf.input(\.pause)
        }
        return wf.outputs {
            $0.k = best.k
            $0.score = best.score
        }
    }

    @Test("the model search runs a node per model found at run time, and a second run is all cache hits with no task run")
    func modelSearchRunsAndCaches() async throws {
        try await Cluster.withWorker(serving: [Self.search], slots: 4, timeout: .seconds(20)) { _, client in
            try await client.register(Self.search)
            let first = try await client.start(Self.search, input: Search(largest: 7, pause: 0))
            #expect(try await first.result(timeout: .seconds(60)) == Best(k: 5, score: 100))
            let nodes = Dictionary(uniqueKeysWithValues: try await client.nodes(of: first.id).map { ($0.nodeID, $0) })
            #expect(nodes["evaluate"]?.kind == .dynamic)
            #expect(nodes["evaluate"]?.phase == .succeeded)
            #expect(nodes["evaluate"]?.subgraph?.spec?.nodes.map(\.id) == ["k2", "k3", "k4", "k5", "k6", "k7", "best"])
            for k in 2...7 {
                #expect(nodes["evaluate/k\(k)"]?.phase == .succeeded)
                #expect(nodes["evaluate/k\(k)"]?.parentNodeID == "evaluate")
                #expect(nodes["evaluate/k\(k)"]?.cache?.status == .populated)
            }
            #expect(nodes["evaluate/best"]?.outputs["k"] == .int(5))

            let second = try await client.start(Self.search, input: Search(largest: 7, pause: 0))
            #expect(try await second.result(timeout: .seconds(60)) == Best(k: 5, score: 100))
            let cached = Dictionary(uniqueKeysWithValues: try await client.nodes(of: second.id).map { ($0.nodeID, $0) })
            #expect(cached["evaluate"]?.cache?.status == .hit, "the subgraph comes from the cache")
            #expect(cached["evaluate"]?.attempts.isEmpty == true, "the dynamic task did not run")
            for k in 2...7 {
                #expect(cached["evaluate/k\(k)"]?.cache?.status == .hit)
                #expect(cached["evaluate/k\(k)"]?.attempts.isEmpty == true)
                #expect(cached["evaluate/k\(k)"]?.cache?.source?.executionID == first.id)
            }
        }
    }

    @Test("kill -9 of the scheduler while the subgraph runs: the restarted one rebuilds it from the record, without running the dynamic task again")
    func schedulerKilledWhileTheSubgraphRuns() async throws {
        try await Cluster.withWorker(serving: [Self.search], slots: 2, timeout: .seconds(20)) { cluster, client in
            try await client.register(Self.search)
            let builtBefore = Self.subgraphsBuilt.withLock { $0 }
            // A pause no earlier run used: nothing is cached.
            let started = try await client.start(Self.search, input: Search(largest: 6, pause: 700))
            let running = try await eventually(within: .seconds(30)) { () -> Bool? in
                let nodes = try await client.nodes(of: started.id)
                return nodes.contains { $0.nodeID == "evaluate" && $0.phase == .dynamicRunning } ? true : nil
            }
            #expect(running == true)
            try await cluster.restartScheduler(gracefully: false)

            #expect(try await started.result(timeout: .seconds(120)) == Best(k: 5, score: 100))
            #expect(Self.subgraphsBuilt.withLock { $0 } - builtBefore == 1, "the dynamic task ran once")
            let evaluate = try await client.nodes(of: started.id).first { $0.nodeID == "evaluate" }
            #expect(evaluate?.attempts.count == 1)
        }
    }

    struct Bonus: Codable, Sendable { var base: Int }
    struct Granted: Codable, Sendable, Equatable { var total: Int }

    /// A subgraph that waits for a person: the bonus is typed in once the subgraph runs.
    static let askForBonus = DynamicTask("e2e-ask-for-bonus", version: "1", calls: [pickBest]) {
        (input: Bonus, wf: Workflow<Bonus, Granted>.Builder) in
        let bonus = wf.waitForInput(Int.self, name: "bonus", id: "ask", description: "the bonus to add to \(input.base)")
        let picked = wf.call(pickBest, id: "add") {
            $0.ks = wf.collect([wf.input(\.base), bonus])
            $0.scores = .constant([1, 2])
        }
        return wf.outputs { $0.total = picked.k }
    }

    static let bonus = Workflow("e2e-bonus", version: "1", input: Bonus.self, output: Granted.self) { wf in
        let granted = wf.call(askForBonus, id: "grant") { $0.base = wf.input(\.base) }
        return wf.outputs { $0.total = granted.total }
    }

    @Test("a gate inside a dynamic subgraph pauses the execution and takes its signal like any other gate")
    func aGateInsideASubgraphTakesItsSignal() async throws {
        try await Cluster.withWorker(serving: [Self.bonus], slots: 2, timeout: .seconds(20)) { _, client in
            try await client.register(Self.bonus)
            let started = try await client.start(Self.bonus, input: Bonus(base: 10))
            let paused = try await eventually(within: .seconds(30)) { () -> NodeExecution? in
                try await client.nodes(of: started.id).first { $0.nodeID == "grant/ask" && $0.phase == .paused }
            }
            #expect(paused?.gate?.signalID == "bonus")
            try await client.setSignal("bonus", of: started.id, to: 7, as: "ada")
            // pick-best returns the k of the highest score: the bonus, second of [base, bonus].
            #expect(try await started.result(timeout: .seconds(60)) == Granted(total: 7))
            let signal = try await client.signals(of: started.id).first
            #expect(signal?.nodeID == "grant/ask" && signal?.setBy == "tester" && signal?.displayName == "ada")
        }
    }

    @Test("the YAML model search: a shell dynamic task writes its subgraph, and a second run is all cache hits")
    func yamlModelSearch() async throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let file = try WorkflowFile.load(contentsOf: examples.appendingPathComponent("model-search.yaml"))
        try await Cluster.with(tasks: file.tasks, workflows: file.workflows, slots: 4) { _, client in
            let first = try await client.start("model-search", inputs: ["largest": .int(8)])
            let ended = try await client.waitForEnd(first.id)
            #expect(ended.phase == .succeeded, "\(ended.error.map { "\($0.code): \($0.message)" } ?? "")")
            #expect(ended.outputs == ["k": .int(5), "score": .float(100)])
            let nodes = try await client.nodes(first.id)
            #expect(nodes["evaluate"]?.kind == .dynamic)
            #expect((2...8).allSatisfy { nodes["evaluate/k\($0)"]?.phase == .succeeded })
            #expect(nodes["evaluate/k3"]?.outputs["score"] == .float(96))

            let second = try await client.start("model-search", inputs: ["largest": .int(8)])
            let again = try await client.waitForEnd(second.id)
            #expect(again.outputs == ended.outputs)
            let cached = try await client.nodes(second.id)
            #expect(cached.count == nodes.count)
            let ran = cached.values.filter { !$0.attempts.isEmpty }.map(\.nodeID).sorted()
            #expect(ran.isEmpty, "no task ran on the second run: \(ran)")
            #expect(cached.values.allSatisfy { $0.cache?.status == .hit })
        }
    }

    @Test("a subgraph naming a task nobody registered fails the dynamic node with the problem; the rest of the execution is kept")
    func anInvalidSubgraphFailsTheNode() async throws {
        let file = try WorkflowFile.parse("""
            tasks:
              - name: planner
                dynamic: true
                inputs: {n: int}
                outputs: {total: int}
                script: |
                  printf 'nodes:\\n  - {id: a, task: nowhere, inputs: {n: $inputs.n}}\\noutputs: {total: $a.total}\\n' > "$SLUICE_SUBGRAPH"
              - name: first
                inputs: {n: int}
                outputs: {n: int}
                script: echo {{inputs.n}}
            workflows:
              - name: plans
                inputs: {n: int}
                outputs: {total: $plan.total}
                nodes:
                  - {id: before, task: first, inputs: {n: $inputs.n}}
                  - {id: plan, dynamic: planner, inputs: {n: $before.n}}
            """, source: "plans.yaml")
        try await Cluster.with(tasks: file.tasks, workflows: file.workflows) { _, client in
            let started = try await client.start("plans", inputs: ["n": .int(3)])
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .failed)
            let nodes = try await client.nodes(started.id)
            #expect(nodes["before"]?.phase == .succeeded && nodes["before"]?.outputs["n"] == .int(3))
            let plan = try #require(nodes["plan"])
            #expect(plan.phase == .failed)
            #expect(plan.error?.code == "InvalidSubgraph")
            #expect(plan.error?.message.contains("nowhere") == true, "\(plan.error?.message ?? "")")
        }
    }
}