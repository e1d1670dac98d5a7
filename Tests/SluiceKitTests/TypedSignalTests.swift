import SluiceKit
import Testing

/// Signals named once, with their value types: the workflow waits for the key, the test gives
/// the key's value.
@Suite struct TypedSignalTests {
    static let copies = SignalKey<Int>("copies")
    static let ship = ApprovalKey("ship")

    static let gated = Workflow("typed-gated", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
        let copies = wf.waitForInput(copies, id: "copies")
        let approved = wf.approve(a["y", as: Int.self], ship, id: "ship")
        let total = wf.call(Fixtures.sum, id: "total", ["values": [approved, copies]])
        return ["result": total["total", as: Int.self]]
    }

    @Test("the gates a workflow declares with keys are those the keys name, with the keys' types")
    func keysDeclareTheGates() throws {
        let declared = SignalTypes.declarations(in: try Self.gated.compiled())
        #expect(declared.first { $0.signalID == "copies" }?.type == .simple(.int))
        #expect(declared.first { $0.signalID == "ship" }?.kind == .approve)
    }

    @Test("gates wait hours and minutes as Swift's Duration writes seconds")
    func hoursAndMinutes() throws {
        let patient = Workflow("patient", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let value = wf.waitForInput(Self.copies, id: "copies", timeout: .hours(2))
            _ = wf.sleep(for: .minutes(90), id: "nap")
            return ["result": value]
        }
        let nodes = try patient.compiled().spec?.nodes ?? []
        guard case .gate(let wait)? = nodes.first(where: { $0.id == "copies" })?.kind,
              case .gate(let nap)? = nodes.first(where: { $0.id == "nap" })?.kind,
              case .sleep(let sleep)? = nap.condition else { Issue.record("no gates"); return }
        #expect(wait.timeout == .seconds(7_200))
        #expect(sleep.duration == .seconds(5_400))
        #expect(Duration.days(2) == .seconds(172_800))
    }

    @Test("a local run takes signals set by their keys")
    func localRunTakesKeys() async throws {
        var signals = LocalSignals()
        try signals.set(Self.copies, to: 3)
        signals.approve(Self.ship, by: "ada")
        let run = try await LocalRunner().run(Self.gated, input: ChainInput(n: 4), signals: signals)
        #expect(run.phase == .succeeded)
        #expect(try run.output(as: ChainOutput.self).result == 8)

        var rejected = LocalSignals()
        try rejected.set(Self.copies, to: 3)
        rejected.reject(Self.ship, reason: "not today")
        let failed = try await LocalRunner().run(Self.gated, input: ChainInput(n: 4), signals: rejected)
        #expect(failed.error?.code == "Rejected")
    }
}
