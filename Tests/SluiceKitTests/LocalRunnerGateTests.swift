import SluiceKit
import Testing

/// Gates in the in-process runner: signals given up front, as a unit test gives them.
@Suite struct LocalRunnerGateTests {
    /// a: n+1; copies: a signal; ship: approves a's y; a short sleep; total: ship + copies.
    static let gated = Workflow("local-gated", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
        let copies = wf.waitForInput(Int.self, name: "copies", id: "copies")
        let approved = wf.approve(a["y", as: Int.self], name: "ship", id: "ship")
        let pause = wf.sleep(for: .milliseconds(20), id: "pause", after: [a])
        let total = wf.call(Fixtures.sum, id: "total", ["values": [approved, copies]], after: [pause])
        return ["result": total["total", as: Int.self]]
    }

    @Test("signals given up front are taken by their gates, and the sleep ends")
    func signalsGivenUpFront() async throws {
        let run = try await LocalRunner().run(Self.gated, input: ChainInput(n: 4), signals: [
            "copies": try .value(3),
            "ship": .approve(by: "ada"),
        ])
        #expect(run.phase == .succeeded)
        #expect(try run.output(as: ChainOutput.self).result == 8)
        #expect(run.phase(of: "pause") == .succeeded)
    }

    @Test("a rejection fails the approve gate with its reason")
    func rejection() async throws {
        let run = try await LocalRunner().run(Self.gated, input: ChainInput(n: 4), signals: [
            "copies": try .value(3),
            "ship": .reject(reason: "not today", by: "ada"),
        ])
        #expect(run.phase == .failed)
        #expect(run.error?.code == "Rejected")
        #expect(run.error?.message.contains("not today") == true)
    }

    @Test("a gate left without its signal ends the run, naming the gate and the signal")
    func missingSignal() async throws {
        let run = try await LocalRunner().run(Self.gated, input: ChainInput(n: 4), signals: ["ship": .approve()])
        #expect(run.phase == .aborted)
        #expect(run.execution.abort?.reason.contains("copies waits for signal 'copies'") == true)
    }

    /// A branch whose case calls a sub-workflow that waits for "extra".
    static let review = Workflow("local-review", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        ["result": wf.waitForInput(Int.self, name: "extra", id: "extra")]
    }
    static let branched = Workflow("local-branched", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let n = wf.input("n", as: Int.self)
        let pick = wf.branch(id: "pick") { b in
            b.when(n > 1) { wf.call(Self.review, id: "big", ["n": n]) }
            b.otherwise { wf.call(Fixtures.chain, id: "small", ["n": n]) }
        }
        return ["result": pick["result", as: Int.self]]
    }

    @Test("a gate inside a branch case's sub-workflow is declared under the id its node runs as")
    func gateInsideABranch() async throws {
        let declared = SignalTypes.declarations(in: try Self.branched.compiled())
        #expect(declared.map(\.nodeID) == ["pick/big/extra"])
        let stuck = try await LocalRunner().run(Self.branched, input: ChainInput(n: 4))
        #expect(stuck.phase == .aborted)
        #expect(stuck.execution.abort?.reason.contains("pick/big/extra waits for signal 'extra'") == true,
                "\(stuck.execution.abort?.reason ?? "")")
        let given = try await LocalRunner().run(Self.branched, input: ChainInput(n: 4), signals: ["extra": try .value(9)])
        #expect(given.phase == .succeeded)
        #expect(try given.output(as: ChainOutput.self).result == 9)
    }

    /// A gate with a two-hour timeout, and the execution a day's.
    static let patient = Workflow("local-patient", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        ["result": wf.waitForInput(Int.self, name: "late", id: "late", timeout: .seconds(7_200))]
    }

    @Test("a run waiting only on a gate no supplied signal can satisfy ends at once, even when the gate has a timeout")
    func aGateWithATimeoutDoesNotHoldTheRun() async throws {
        let started = ContinuousClock.now
        let stuck = try await LocalRunner().run(Self.patient, input: ChainInput(n: 1))
        #expect(ContinuousClock.now - started < .seconds(30), "it did not wait for the two-hour timeout")
        #expect(stuck.phase == .aborted)
        #expect(stuck.execution.abort?.reason.contains("late waits for signal 'late'") == true, "\(stuck.execution.abort?.reason ?? "")")
        #expect(stuck.error?.code == "Aborted")
        #expect(stuck.error?.message.contains("late waits for signal 'late'") == true, "the run's error says why it was aborted")
    }

    @Test("an undeclared signal, or a value of the wrong type, is refused before the run starts")
    func badSignalsAreRefused() async throws {
        let unknown = await #expect(throws: LocalRunError.self) {
            try await LocalRunner().run(Self.gated, input: ChainInput(n: 1), signals: ["colour": try .value("red")])
        }
        #expect(unknown?.message.contains("declares no signal 'colour'") == true)
        #expect(unknown?.message.contains("copies, ship") == true)
        let mistyped = await #expect(throws: LocalRunError.self) {
            try await LocalRunner().run(Self.gated, input: ChainInput(n: 1), signals: ["copies": try .value("three")])
        }
        #expect(mistyped?.message.contains("expects int") == true)
    }
}
