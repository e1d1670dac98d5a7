import Foundation
import SluiceKit
import Testing

// Workflow bodies written as plain code, run in-process: values read suspend the body, which
// runs again from the top with what is recorded, until it returns.

private struct Count: Codable, Sendable { var x: Int }
private struct Counted: Codable, Sendable { var y: Int }
private struct Chains: Codable, Sendable { var a: Int; var b: Int }
private struct Steps: Codable, Sendable { var steps: Int }

private enum Bodies {
    static let step = SwiftTask("step", version: "1") { (input: Count) in
        Counted(y: input.x < 40 ? input.x + 1 : input.x + 2)
    }

    static let fail = SwiftTask("fail", version: "1") { (input: Count) -> Counted in
        throw TaskFailure(code: "Broken", message: "cannot count \(input.x)")
    }

    /// Two chains, each step reading the value before the next call.
    static let chains = WorkflowBody("chains", version: "1", calls: [step]) { (input: Steps, wf: Workflow<Steps, Chains>.Builder) in
        var a = 0
        var b = 0
        for _ in 0..<input.steps {
            let nextA = wf.call(step) { $0.x = .constant(a) }
            let nextB = wf.call(step) { $0.x = .constant(b + 1) }
            a = try await nextA.y.value
            b = try await nextB.y.value
        }
        return wf.outputs {
            $0.a = .constant(a)
            $0.b = .constant(b)
        }
    }

    static let chainsWorkflow = Workflow("chains", version: "1", input: Steps.self, output: Chains.self) { wf in
        let body = wf.call(chains, id: "body") { $0.steps = wf.input(\.steps) }
        return wf.outputs {
            $0.a = body.a
            $0.b = body.b
        }
    }
}

@Suite struct WorkflowBodyTests {
    @Test func aBodyReadsEachValueAndReturnsWhatItComputed() async throws {
        let run = try await LocalRunner().run(Bodies.chainsWorkflow, input: Steps(steps: 50))
        #expect(run.phase == .succeeded, "\(String(describing: run.error))")
        let chains = try run.output(as: Chains.self)
        // a: 40 steps of +1, then 10 of +2; b starts each step one higher.
        var a = 0, b = 0
        for _ in 0..<50 {
            a = a < 40 ? a + 1 : a + 2
            b = b + 1 < 40 ? b + 2 : b + 3
        }
        #expect(chains.a == a)
        #expect(chains.b == b)
        #expect(run.node("body")?.subgraph?.spec?.nodes.count == 100)
        #expect(run.phase(of: "body/n99") == .succeeded)
        #expect(run.node("body/n0")?.parentNodeID == "body")
    }
}
