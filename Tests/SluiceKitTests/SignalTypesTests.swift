import Foundation
import SluiceKit
import Testing

/// Finding the type a workflow declares for a signal id, which `sluice signal` reads values as.
@Suite struct SignalTypesTests {
    static func gate(_ id: String, _ condition: GateNode.Condition) -> Node {
        Node(id: id, kind: .gate(GateNode(condition: condition)))
    }

    static let review = Identifier(name: "review", version: "1")
    static let inner = CompiledWorkflow(spec: WorkflowSpec(id: review, nodes: [
        gate("limit", .signal(SignalGate(signalID: "limit", type: .simple(.float), description: "The highest allowed."))),
    ]))
    static let outer = CompiledWorkflow(
        spec: WorkflowSpec(id: Identifier(name: "outer", version: "1"), nodes: [
            gate("nap", .sleep(SleepGate(duration: .seconds(5)))),
            gate("size", .signal(SignalGate(signalID: "size", type: .simple(.int)))),
            Node(id: "pick", kind: .branch(BranchNode(
                cases: [BranchCase(thenNode: gate("ok", .approve(ApproveGate(signalID: "ship", description: "Ship?"))))],
                elseNode: gate("note", .signal(SignalGate(signalID: "note", type: .collection(.simple(.string)))))))),
            Node(id: "sub", kind: .workflow(SubWorkflowNode(workflow: review))),
        ]),
        subWorkflows: [inner])

    @Test func typesAreFoundAtTheTopInBranchCasesAndInSubWorkflows() {
        #expect(SignalTypes.type(of: "size", in: Self.outer) == .simple(.int))
        #expect(SignalTypes.type(of: "ship", in: Self.outer) == .simple(.bool), "an approval is a bool")
        #expect(SignalTypes.type(of: "note", in: Self.outer) == .collection(.simple(.string)), "the else node is searched too")
        #expect(SignalTypes.type(of: "limit", in: Self.outer) == .simple(.float))
        #expect(SignalTypes.type(of: "nap", in: Self.outer) == nil, "a sleep waits for no signal")
        #expect(SignalTypes.type(of: "missing", in: Self.outer) == nil)
    }

    @Test func declarationsNameTheirGatesAsTheyRunAndComeInNodeOrder() {
        #expect(SignalTypes.declarations(in: Self.outer) == [
            SignalDeclaration(signalID: "size", nodeID: "size", kind: .signal, type: .simple(.int), description: ""),
            SignalDeclaration(signalID: "ship", nodeID: "pick/ok", kind: .approve, type: .simple(.bool), description: "Ship?"),
            SignalDeclaration(signalID: "note", nodeID: "pick/note", kind: .signal, type: .collection(.simple(.string)), description: ""),
            SignalDeclaration(signalID: "limit", nodeID: "sub/limit", kind: .signal, type: .simple(.float), description: "The highest allowed."),
        ])
    }

    @Test func aWorkflowCompiledFromSwiftFindsItsSubWorkflowsSignals() throws {
        let inner = Workflow("inner-gate", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            ["result": wf.waitForInput(Int.self, name: "extra")]
        }
        let outer = Workflow("outer-gate", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let sub = wf.call(inner, id: "inner", ["n": wf.input("n", as: Int.self)])
            return ["result": wf.approve(sub["result", as: Int.self], name: "final")]
        }
        let compiled = try outer.compiled()
        #expect(SignalTypes.type(of: "extra", in: compiled) == .simple(.int))
        #expect(SignalTypes.type(of: "final", in: compiled) == .simple(.bool))
        #expect(SignalTypes.declarations(in: compiled).map(\.nodeID) == ["inner/n0", "n1"])
    }

    @Test func valuesTypedOnACommandLineAreReadAsTheDeclaredType() throws {
        #expect(try SignalInput.literal("3", signalID: "size", as: .simple(.int)) == .int(3))
        #expect(try SignalInput.literal("yes", signalID: "ok", as: .simple(.bool)) == .bool(true))
        #expect(try SignalInput.literal(#"["a", "b"]"#, signalID: "note", as: .collection(.simple(.string)))
                == .collection([.string("a"), .string("b")]))
        let notANumber = #expect(throws: InputAssignments.Problem.self) {
            try SignalInput.literal("three", signalID: "size", as: .simple(.int))
        }
        #expect(notANumber?.message.hasPrefix("signal 'size' expects int: ") == true, "\(notANumber?.message ?? "")")
        let notJSON = #expect(throws: InputAssignments.Problem.self) {
            try SignalInput.literal("a, b", signalID: "note", as: .collection(.simple(.string)))
        }
        #expect(notJSON?.message.hasPrefix("signal 'note' expects list<string> (write it as JSON): ") == true, "\(notJSON?.message ?? "")")
    }

    @Test func anUndeclaredSignalNamesThoseThereAre() {
        let declared = SignalTypes.declarations(in: Self.outer)
        #expect(SignalInput.undeclared("sise", workflow: "outer:1", declared: declared).message
                == "workflow outer:1 has no gate waiting for signal 'sise' (its signals: size, ship, note, limit)")
        #expect(SignalInput.undeclared("x", workflow: "plain:1", declared: []).message
                == "workflow plain:1 has no gate waiting for signal 'x' (it has no signal or approve gates)")
    }
}
