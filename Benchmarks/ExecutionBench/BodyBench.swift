import SluiceKit

/// W4: a workflow body of two independent 50-step chains, each step x + 1 while x < 40 and
/// x + 2 after; the body reads every step's result before it makes the next call, so each step
/// costs a decision.
enum BodyBench {
    struct Start: Codable, Sendable { var n: Int }
    struct Result: Codable, Sendable { var result: Int }
    struct Step: Codable, Sendable { var x: Int }
    struct Stepped: Codable, Sendable { var y: Int }

    static let steps = 50

    static let step = SwiftTask("bench-step", version: "1") { (input: Step) in
        Stepped(y: input.x < 40 ? input.x + 1 : input.x + 2)
    }

    static let chains = WorkflowBody("bench-chains", version: "1", calls: [step]) { (input: Start, wf: Workflow<Start, Result>.Builder) in
        var a = input.n
        var b = input.n
        for _ in 0..<steps {
            let nextA = wf.call(step) { $0.x = .constant(a) }
            let nextB = wf.call(step) { $0.x = .constant(b) }
            a = try await nextA.y.value
            b = try await nextB.y.value
        }
        return wf.outputs { $0.result = .constant(a + b) }
    }

    static let workflow = Workflow("bench-w4-body", version: "1", input: Start.self, output: Result.self) { wf in
        let body = wf.call(chains, id: "body") { $0.n = wf.input(\.n) }
        return wf.outputs { $0.result = body.result }
    }

    /// What the workflow returns from 0: each chain 40 steps of one, then 10 of two.
    static let expected: Int64 = 2 * (40 + 2 * Int64(steps - 40))

    static var tasks: [TaskSpec] { get throws { [try step.spec, try chains.spec] } }

    /// Serves the body and its step in the benchmark's executor.
    static func register(in registry: inout SwiftTaskRegistry) {
        registry.register(step.functionName, body: step.body)
        registry.register(chains.functionName, body: chains.body)
    }
}
