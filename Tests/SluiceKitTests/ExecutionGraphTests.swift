@testable import SluiceKit
import Testing

// What `sluice graph` draws, from workflows run in-process.

private struct Count: Codable, Sendable { var n: Int }
private struct Numbers: Codable, Sendable { var values: [Int] }
private struct X: Codable, Sendable { var x: Int }
private struct Y: Codable, Sendable { var y: Int }
private struct Total: Codable, Sendable { var total: Int }

private enum Drawn {
    static let range = SwiftTask("graph-range", version: "1") { (input: Count) in Numbers(values: Array(0..<input.n)) }
    static let addOne = SwiftTask("graph-add-one", version: "1") { (input: X) in Y(y: input.x + 1) }
    static let refuse = SwiftTask("graph-refuse", version: "1") { (_: X) -> Y in
        throw TaskFailure(code: "Refused", message: "no \"thanks\"")
    }
    static let inner = Workflow("graph-inner", version: "1", input: X.self, output: Y.self) { wf in
        let a = wf.call(addOne, id: "a") { $0.x = wf.input(\.x) }
        let b = wf.call(addOne, id: "b") { $0.x = a.y }
        return wf.outputs { $0.y = b.y }
    }
    static let outer = Workflow("graph-outer", version: "1", input: Count.self, output: Total.self) { wf in
        let numbers = wf.call(range, id: "numbers") { $0.n = wf.input(\.n) }
        let plus = wf.map(addOne, id: "plus") { $0.x = .each(numbers.values) }
        let sub = wf.call(inner, id: "sub") { $0.x = plus.y[0] }
        return wf.outputs { $0.total = sub.y }
    }
    static let failing = Workflow("graph-failing", version: "1", input: X.self, output: Y.self) { wf in
        let no = wf.call(refuse, id: "no") { $0.x = wf.input(\.x) }
        return wf.outputs { $0.y = no.y }
    }
}

@Suite struct ExecutionGraphTests {
    @Test func anExecutionIsDrawnAsItRanWithMapsCountedAndSubWorkflowsFramed() async throws {
        let run = try await LocalRunner().run(Drawn.outer, input: Count(n: 3))
        let graph = ExecutionGraph(workflow: try Drawn.outer.compiled(), nodes: Array(run.nodes.values))
        let dot = GraphText.dot(graph)
        #expect(dot.contains(#""plus" [label="plus\nmap graph-add-one\n3 elements: 3 succeeded\nSUCCEEDED""#), "\(dot)")
        #expect(!dot.contains("plus[0]"), "a map is one box")
        #expect(dot.contains(#"subgraph "cluster_sub"#))
        #expect(dot.contains(#""sub/a" -> "sub/b";"#))
        #expect(dot.contains(#""sub" -> "sub/a";"#), "the sub-workflow's first node hangs off it")
        #expect(dot.contains(#""numbers" -> "plus";"#) && dot.contains(#""plus" -> "sub";"#))
    }

    @Test func aFailureIsRedAndLabelsAreEscaped() async throws {
        let run = try await LocalRunner().run(Drawn.failing, input: X(x: 1))
        let graph = ExecutionGraph(workflow: try Drawn.failing.compiled(), nodes: Array(run.nodes.values))
        #expect(GraphText.dot(graph).contains(##""no" [label="no\ngraph-refuse\nFAILED", fillcolor="#ffcdd2"]"##))
        let mermaid = GraphText.mermaid(graph)
        #expect(mermaid.contains(#"n0["no<br/>graph-refuse<br/>FAILED"]"#), "\(mermaid)")
        #expect(mermaid.contains("class n0 failed") && mermaid.contains("classDef failed fill:#ffcdd2"))
        #expect(GraphText.quoted("say \"hi\"\nnow") == #""say \"hi\"\nnow""#)
        #expect(GraphText.escapedForMermaid("say \"hi\"") == "say #quot;hi#quot;")
    }

    @Test func aWorkflowIsDrawnWithoutPhases() throws {
        let dot = GraphText.dot(ExecutionGraph(workflow: try Drawn.outer.compiled()))
        #expect(dot.contains(#""numbers" [label="numbers\ngraph-range"];"#), "\(dot)")
        #expect(dot.contains(#""sub/b" [label="sub/b\ngraph-add-one"];"#))
        let boxes = dot.split(separator: "\n").filter { $0.contains("[label=") }
        #expect(!boxes.isEmpty && boxes.allSatisfy { !$0.contains("fillcolor") }, "no phase, no colour")
    }
}
