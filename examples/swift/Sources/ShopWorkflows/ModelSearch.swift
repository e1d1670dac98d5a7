import SluiceKit

// A dynamic node, after the model search Sluice was started for: how many product clusters
// to recommend from is decided by trying each candidate count, found at run time. The search
// task returns the candidates; a dynamic task builds one evaluation per candidate and a pick of
// the best. Evaluations and the subgraph are cached: a second run with the same inputs runs
// nothing.

public struct Search: Codable, Sendable {
    public var largest: Int
    public init(largest: Int) { self.largest = largest }
}

public struct Candidates: Codable, Sendable {
    public var ks: [Int]
    public init(ks: [Int]) { self.ks = ks }
}

public struct Candidate: Codable, Sendable {
    public var k: Int
}

public struct Score: Codable, Sendable {
    public var score: Double
}

public struct Scores: Codable, Sendable {
    public var ks: [Int]
    public var scores: [Double]
}

public struct Best: Codable, Sendable, Equatable {
    public var k: Int
    public var score: Double
    public init(k: Int, score: Double) {
        self.k = k
        self.score = score
    }
}

/// Every cluster count from 2 to `largest`.
public let findCandidates = SwiftTask("find-candidates", version: "1", cache: Caching(version: "1")) { (input: Search) in
    Candidates(ks: Array(2...max(2, input.largest)))
}

/// How well `k` clusters would do (here the best is 5).
public let evaluateCandidate = SwiftTask("evaluate-candidate", version: "1", cache: Caching(version: "1")) { (input: Candidate) in
    Score(score: 100 - Double((input.k - 5) * (input.k - 5)))
}

public let pickBestCandidate = SwiftTask("pick-best-candidate", version: "1", cache: Caching(version: "1")) { (input: Scores) in
    let best = input.scores.indices.max { input.scores[$0] < input.scores[$1] } ?? 0
    return Best(k: input.ks[best], score: input.scores[best])
}

/// One evaluation per candidate, then the pick: the subgraph has as many nodes as candidates.
public let evaluateCandidates = DynamicTask(
    "evaluate-candidates", version: "1", cache: Caching(version: "1"), calls: [evaluateCandidate, pickBestCandidate]
) { (input: Candidates, wf: Workflow<Candidates, Best>.Builder) in
    let scores = input.ks.map { k in wf.call(evaluateCandidate, id: "k\(k)") { $0.k = .constant(k) } }
    let best = wf.call(pickBestCandidate, id: "best") {
        $0.ks = wf.input(\.ks)
        $0.scores = wf.collect(scores.map(\.score))
    }
    return wf.outputs {
        $0.k = best.k
        $0.score = best.score
    }
}

public let modelSearch = Workflow("model-search-swift", version: "1", input: Search.self, output: Best.self) { wf in
    let candidates = wf.call(findCandidates, id: "candidates") { $0.largest = wf.input(\.largest) }
    let best = wf.call(evaluateCandidates, id: "evaluate") { $0.ks = candidates.ks }
    return wf.outputs {
        $0.k = best.k
        $0.score = best.score
    }
}
