import Foundation
import SluiceKit
import Synchronization
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

/// Changes between runs of a body: what makes a body non-deterministic.
private let runs = Mutex(0)
/// A future kept from one run of a body to the next, which a body must not do.
/// (A future is not Sendable, and rightly so: this is the misuse under test. The decisions of
/// one body never overlap, so nothing reads and writes it at once.)
nonisolated(unsafe) private var kept: Future<Int>?

private enum Misbehaving {
    static let nonDeterministic = WorkflowBody("drifting", version: "1", calls: [Bodies.step]) {
        (input: Steps, wf: Workflow<Steps, Counted>.Builder) in
        let run = runs.withLock { count in
            count += 1
            return count
        }
        let first = wf.call(Bodies.step) { $0.x = .constant(run) }
        let value = try await first.y.value
        return wf.outputs { $0.y = .constant(value) }
    }

    static let keepsAFuture = WorkflowBody("keeping", version: "1", calls: [Bodies.step]) {
        (input: Steps, wf: Workflow<Steps, Counted>.Builder) in
        let first = wf.call(Bodies.step) { $0.x = .constant(1) }
        let earlier = kept
        kept = first.y
        let value = try await (earlier ?? first.y).value
        return wf.outputs { $0.y = .constant(value) }
    }

    static let ignoresAFailure = WorkflowBody("ignoring", version: "1", calls: [Bodies.step, Bodies.fail]) {
        (input: Steps, wf: Workflow<Steps, Counted>.Builder) in
        wf.call(Bodies.fail) { $0.x = .constant(1) }
        let fine = wf.call(Bodies.step) { $0.x = .constant(1) }
        return wf.outputs { $0.y = fine.y }
    }

    static let returnsAFailure = WorkflowBody("returning", version: "1", calls: [Bodies.step, Bodies.fail]) {
        (input: Steps, wf: Workflow<Steps, Counted>.Builder) in
        let failed = wf.call(Bodies.fail) { $0.x = .constant(1) }
        let next = wf.call(Bodies.step) { $0.x = failed.y }
        return wf.outputs { $0.y = next.y }
    }

    static func workflow(_ body: WorkflowBody<Steps, Counted>) -> Workflow<Steps, Counted> {
        Workflow("runs-\(body.name)", version: "1", input: Steps.self, output: Counted.self) { wf in
            let called = wf.call(body, id: "body") { $0.steps = wf.input(\.steps) }
            return wf.outputs { $0.y = called.y }
        }
    }
}

private enum Waiting {
    static let limit = SignalKey<Int>("limit")

    static let slow = SwiftTask("slow-step", version: "1", timeout: .milliseconds(50)) { (input: Count) in
        try await Task.sleep(for: .seconds(10))
        return Counted(y: input.x)
    }

    /// Asks a person for a limit, then counts up to it; a step that times out counts as zero.
    static let asking = WorkflowBody("asking", version: "1", calls: [Bodies.step, slow]) {
        (input: Steps, wf: Workflow<Steps, Counted>.Builder) in
        let limit = try await wf.waitForInput(limit, description: "how far to count").value
        var x = 0
        while x < limit { x = try await wf.call(Bodies.step) { $0.x = .constant(x) }.y.value }
        do {
            x += try await wf.call(slow) { $0.x = .constant(x) }.y.value
        } catch is CallTimedOut {
            x += 0
        }
        return wf.outputs { $0.y = .constant(x) }
    }
}

@Suite struct WorkflowBodyTests {
    @Test func aBodyWaitsForASignalAndCatchesATimeout() async throws {
        var signals = LocalSignals()
        try signals.set(Waiting.limit, to: 3)
        let run = try await LocalRunner().run(Misbehaving.workflow(Waiting.asking), input: Steps(steps: 1), signals: signals)
        #expect(run.phase == .succeeded, "\(String(describing: run.error))")
        #expect(try run.output(as: Counted.self).y == 3)
        #expect(run.node("body/n0")?.kind == .gate)
        #expect(run.node("body/n4")?.phase == .timedOut)
    }

    @Test func aBodyThatMakesOtherCallsOnItsNextRunFailsNamingTheCall() async throws {
        runs.withLock { $0 = 0 }
        let run = try await LocalRunner().run(Misbehaving.workflow(Misbehaving.nonDeterministic), input: Steps(steps: 1))
        #expect(run.phase == .failed)
        let error = try #require(run.node("body")?.error)
        #expect(error.code == "NonDeterministic")
        #expect(error.message.contains("call 1 (n0) is now n0 = task step(x: 2), but earlier runs recorded n0 = task step(x: 1)"), "\(error.message)")
    }

    @Test func aFutureKeptFromAnEarlierRunIsRefused() async throws {
        kept = nil
        let run = try await LocalRunner().run(Misbehaving.workflow(Misbehaving.keepsAFuture), input: Steps(steps: 1))
        #expect(run.phase == .failed)
        let error = try #require(run.node("body")?.error)
        #expect(error.code == "ForeignFuture", "\(error.message)")
    }

    @Test func aFailureNobodyReadIsAWarningAndOneReturnedFailsTheBody() async throws {
        let ignoring = try await LocalRunner().run(Misbehaving.workflow(Misbehaving.ignoresAFailure), input: Steps(steps: 1))
        #expect(ignoring.phase == .succeeded)
        #expect(try ignoring.output(as: Counted.self).y == 2)
        #expect(ignoring.node("body")?.body?.warnings.first?.hasPrefix("call n0 failed and no code read its value") == true)

        let returning = try await LocalRunner().run(Misbehaving.workflow(Misbehaving.returnsAFailure), input: Steps(steps: 1))
        #expect(returning.phase == .failed)
        #expect(returning.node("body/n1")?.error?.code == "UpstreamFailed", "the call on a failed value did not run")
        #expect(returning.node("body")?.error?.message.contains("returned the output of call n1") == true)
    }

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
