import Foundation
import SluiceKit
import Testing

struct PrintPlan: Codable, Sendable {
    var copies: Int
    var paper: String?
}

/// Gates written with the workflow builder: the nodes they make, and that the compiler takes them.
@Suite struct DSLGateTests {
    private let int = LiteralType.simple(.int)

    private func future(_ node: String, _ output: String, _ type: LiteralType) -> Binding {
        .future(SluiceWire.Future(reference: OutputReference(nodeID: node, output: output), type: type))
    }

    /// a: n+1; copies: a signal; ok: approves a's y; pause: 30s after a; total: ok + copies, after pause.
    static let gated = Workflow("gated", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
        let copies = wf.waitForInput(Int.self, name: "copies", description: "How many?", timeout: .seconds(3600))
        let approved = wf.approve(a["y", as: Int.self], name: "ship", description: "Ship it?")
        let pause = wf.sleep(for: .seconds(30), after: [a])
        let total = wf.call(Fixtures.sum, id: "total", ["values": [approved, copies]], after: [pause])
        return ["result": total["total", as: Int.self]]
    }

    @Test func gatesBecomeGateNodesWiredByTheirValues() throws {
        let spec = Self.gated.spec
        #expect(spec.nodes.map(\.id) == ["a", "n1", "n2", "n3", "total"], "gates are numbered in call order like calls")
        #expect(spec.nodes[1] == Node(id: "n1", kind: .gate(GateNode(
            condition: .signal(SignalGate(signalID: "copies", type: int, description: "How many?")), timeout: .seconds(3600)))))
        #expect(spec.nodes[2] == Node(
            id: "n2", inputs: ["value": future("a", "y", int)],
            kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ship", description: "Ship it?"))))))
        #expect(spec.nodes[3] == Node(id: "n3", upstream: ["a"], kind: .gate(GateNode(condition: .sleep(SleepGate(duration: .seconds(30)))))))
        #expect(spec.nodes[4].upstream == ["n3"])
        #expect(spec.nodes[4].inputs == ["values": .collection([future("n2", "value", int), future("n1", "value", int)])])
        #expect(Self.gated.problems.isEmpty)
        let compiled = try Self.gated.compiled()
        #expect(compiled.spec?.nodes.count == 5)
    }

    @Test func aSignalOfAStructTypeIsDerivedFromTheSwiftType() throws {
        let workflow = Workflow("plan", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let plan = wf.waitForInput(PrintPlan.self, name: "plan", id: "plan")
            _ = wf.approve(plan, name: "check", id: "check", after: [wf.sleep(for: .seconds(1), id: "pause")])
            let copies = wf.call(Fixtures.addOne, id: "copies", ["x": wf.input("n", as: Int.self)])
            return ["result": copies["y", as: Int.self]]
        }
        let planType = try LiteralSchema.type(of: PrintPlan.self)
        guard case .gate(let gate)? = workflow.spec.nodes.first?.kind, case .signal(let signal)? = gate.condition else {
            Issue.record("plan is not a signal gate")
            return
        }
        #expect(signal.type == planType)
        #expect(workflow.spec.nodes.map(\.id) == ["plan", "pause", "check", "copies"])
        #expect(workflow.spec.nodes[2].upstream == ["pause"])
        #expect(workflow.spec.nodes[2].inputs == ["value": future("plan", "value", planType)])
        _ = try workflow.compiled()
    }

    @Test func aSignalReadAsTheWrongTypeIsReportedWhereItIsUsed() {
        let workflow = Workflow("mistyped", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let name = wf.waitForInput(String.self, name: "name")
            let call = wf.call(Fixtures.addOne, id: "use", ["x": name])
            return ["result": call["y", as: Int.self]]
        }
        let problems = Self.problems(of: workflow)
        #expect(problems.contains { $0.nodeID == "use" && $0.input == "x" }, "\(problems)")
    }

    @Test func aSignalTypeWithoutASluiceTypeIsReported() {
        enum Color: String, Codable, Sendable { case red, green }
        let workflow = Workflow("colored", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            _ = wf.waitForInput(Color.self, name: "color", id: "color")
            let call = wf.call(Fixtures.addOne, ["x": wf.input("n", as: Int.self)])
            return ["result": call["y", as: Int.self]]
        }
        #expect(workflow.problems.count == 1)
        #expect(workflow.problems.first?.nodeID == "color")
        #expect(workflow.problems.first?.message.hasPrefix("signal color: cannot derive a Sluice type") == true)
    }

    @Test func theCompilerRefusesASleepOfNoTimeAndAGateWithoutAnId() {
        let workflow = Workflow("bad-gates", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            _ = wf.sleep(for: .zero, id: "nap")
            let value = wf.waitForInput(Int.self, name: "", id: "nameless")
            return ["result": value]
        }
        let problems = Self.problems(of: workflow)
        #expect(problems.contains { $0.nodeID == "nap" }, "\(problems)")
        #expect(problems.contains { $0.nodeID == "nameless" }, "\(problems)")
    }

    static func problems(of workflow: some WorkflowDefinition) -> [WorkflowProblem] {
        do {
            _ = try workflow.compiled()
            return []
        } catch {
            return error.problems
        }
    }

    @Test func anApproveGateNamesItsApproversAndTheCompilerChecksThem() throws {
        let guarded = Workflow("guarded", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
            return ["result": wf.approve(a["y", as: Int.self], name: "ship", id: "ok", approvers: ["ada", "group:release"])]
        }
        guard case .gate(let gate)? = guarded.spec.nodes.last?.kind, case .approve(let approve)? = gate.condition else {
            Issue.record("not an approve gate")
            return
        }
        #expect(approve.approvers == ["ada", "group:release"])
        #expect(guarded.problems.isEmpty)

        let misnamed = Workflow("misnamed", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
            return ["result": wf.approve(a["y", as: Int.self], name: "ship", id: "ok", approvers: ["Ada Lovelace"])]
        }
        do {
            _ = try misnamed.compiled()
            Issue.record("an approver with a space compiled")
        } catch {
            #expect("\(error)".contains("approver 'Ada Lovelace' may hold only letters"), "\(error)")
        }
    }
}

