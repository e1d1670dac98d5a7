import Foundation
import SluiceKit
import Testing

// The model search as users write it: a task finds the models to try, a dynamic task builds
// one evaluation per model and a pick of the best, run in-process.

private struct Search: Codable, Sendable { var largest: Int }
private struct Models: Codable, Sendable { var ks: [Int] }
private struct Model: Codable, Sendable { var k: Int }
private struct Score: Codable, Sendable { var score: Double }
private struct Scores: Codable, Sendable { var ks: [Int]; var scores: [Double] }
private struct Best: Codable, Sendable { var k: Int; var score: Double }

private enum ModelSearch {
    static let getModels = SwiftTask("get-models", version: "1") { (input: Search) in
        Models(ks: Array(2...input.largest))
    }

    /// Best at k = 5.
    static let evaluate = SwiftTask("evaluate", version: "1", cache: Caching(version: "1")) { (input: Model) in
        Score(score: 100 - Double((input.k - 5) * (input.k - 5)))
    }

    static let pickBest = SwiftTask("pick-best", version: "1") { (input: Scores) in
        let best = input.scores.indices.max { input.scores[$0] < input.scores[$1] }!
        return Best(k: input.ks[best], score: input.scores[best])
    }

    static let evaluateAll = DynamicTask(
        "evaluate-all", version: "1", cache: Caching(version: "1"), calls: [evaluate, pickBest]
    ) { (input: Models, wf: Workflow<Models, Best>.Builder) in
        let scores = input.ks.map { k in wf.call(evaluate, id: "k\(k)") { $0.k = .constant(k) } }
        let best = wf.call(pickBest, id: "best") {
            $0.ks = .constant(input.ks)
            $0.scores = wf.collect(scores.map(\.score))
        }
        return wf.outputs {
            $0.k = best.k
            $0.score = best.score
        }
    }

    static let workflow = Workflow("model-search", version: "1", input: Search.self, output: Best.self) { wf in
        let models = wf.call(getModels, id: "models") { $0.largest = wf.input(\.largest) }
        let best = wf.call(evaluateAll, id: "evaluate") { $0.ks = models.ks }
        return wf.outputs {
            $0.k = best.k
            $0.score = best.score
        }
    }
}

@Suite struct DynamicTaskTests {
    @Test func aDynamicCallBuildsADynamicNodeAndBringsTheTasksItsSubgraphsCall() throws {
        let node = try #require(ModelSearch.workflow.spec.nodes.first { $0.id == "evaluate" })
        guard case .dynamic(let dynamic) = node.kind else {
            Issue.record("not a dynamic node: \(String(describing: node.kind))")
            return
        }
        #expect(dynamic.task == Identifier(name: "evaluate-all", version: "1"))
        #expect(Set(ModelSearch.workflow.allTasks.map(\.taskID.name)) == ["get-models", "evaluate-all", "evaluate", "pick-best"])
        _ = try ModelSearch.workflow.compiled()
    }

    @Test func theSubgraphHasANodePerModelFoundAtRunTime() async throws {
        let result = try await ModelSearch.evaluateAll.subgraph(for: Models(ks: [2, 3, 4]))
        #expect(result.nodes.map(\.id) == ["k2", "k3", "k4", "best"])
        #expect(Set(result.tasks.compactMap { $0.id?.name }) == ["evaluate", "pick-best"])
    }

    @Test func theModelSearchRunsInProcessWithTheSubgraphSplicedIn() async throws {
        let runner = LocalRunner()
        let run = try await runner.run(ModelSearch.workflow, input: Search(largest: 7))
        #expect(run.phase == .succeeded, "\(String(describing: run.error))")
        let best = try run.output(as: Best.self)
        #expect(best.k == 5 && best.score == 100)
        #expect(run.phase(of: "evaluate") == .succeeded)
        #expect(run.node("evaluate")?.subgraph?.spec?.nodes.count == 7, "k2...k7 and best")
        #expect(run.phase(of: "evaluate/k7") == .succeeded)
        #expect(run.node("evaluate/k3")?.parentNodeID == "evaluate")
        #expect(run.node("evaluate/best")?.outputs["k"] == .int(5))

        // Again: the dynamic task's subgraph and every evaluation are cache hits.
        let again = try await runner.run(ModelSearch.workflow, input: Search(largest: 7))
        #expect(try again.output(as: Best.self).k == 5)
        #expect(again.node("evaluate")?.cache?.status == .hit)
        for k in 2...7 { #expect(again.node("evaluate/k\(k)")?.cache?.status == .hit) }
    }

    @Test func aSubgraphThatDoesNotCompileFailsTheNodeNamingEveryProblem() async throws {
        let broken = DynamicTask("broken", version: "1", calls: [ModelSearch.evaluate]) {
            (input: Models, wf: Workflow<Models, Best>.Builder) in
            _ = wf.call(ModelSearch.evaluate, id: "e") { $0.k = .constant(input.ks[0]) }
            // Outputs left unset: the subgraph binds neither k nor score.
            return wf.outputs { _ in }
        }
        let workflow = Workflow("broken-search", version: "1", input: Models.self, output: Best.self) { wf in
            let best = wf.call(broken, id: "d") { $0.ks = wf.input(\.ks) }
            return wf.outputs {
                $0.k = best.k
                $0.score = best.score
            }
        }
        let run = try await LocalRunner().run(workflow, input: Models(ks: [3]))
        #expect(run.phase == .failed)
        let error = try #require(run.node("d")?.error)
        #expect(error.code == "InvalidSubgraph")
        #expect(error.message.contains("k") && error.message.contains("score"), "\(error.message)")
    }
}
