import ShopWorkflows
import SluiceKit
import Testing

@Suite struct ModelSearchTests {
    @Test func theSubgraphHasAnEvaluationPerCandidateAndAPick() async throws {
        let subgraph = try await evaluateCandidates.subgraph(for: Candidates(ks: [2, 3, 4]))
        #expect(subgraph.nodes.map(\.id) == ["k2", "k3", "k4", "best"])
    }

    @Test func theSearchFindsTheBestCountAndASecondRunIsAllCacheHits() async throws {
        let runner = LocalRunner()
        let first = try await runner.run(modelSearch, input: Search(largest: 8))
        #expect(try first.output(as: Best.self) == Best(k: 5, score: 100))
        #expect(first.phase(of: "evaluate/k8") == .succeeded)

        let second = try await runner.run(modelSearch, input: Search(largest: 8))
        #expect(try second.output(as: Best.self) == Best(k: 5, score: 100))
        #expect(second.node("evaluate")?.cache?.status == .hit)
        #expect((2...8).allSatisfy { second.node("evaluate/k\($0)")?.cache?.status == .hit })
    }
}
