import SluiceCore
import SluiceWire
import Testing

/// What a workflow body's decision carries and how its calls are checked.
@Suite struct BodyDecisionTests {
    static let body = TaskSpec(
        id: Identifier(name: "body", version: "1"),
        interface: TypedInterface(inputs: [Spec.variable("n", Spec.int)], outputs: [Spec.variable("total", Spec.int)]),
        kind: .dynamic(DynamicTask(body: .swiftName("body"), style: .incremental)))
    static let add = Spec.shellTask("add", inputs: [Spec.variable("x", Spec.int)], outputs: [Spec.variable("total", Spec.int)])

    @Test func theDigestOfACallIsChainedAndCanonical() throws {
        var first = Spec.taskNode("n0", "add", version: "1", inputs: ["x": .literal(.int(1)), "y": .literal(.int(2))])
        let a = try BodyDecision.digest(after: "", call: first)
        // The same call with its inputs set in another order.
        first.inputs = ["y": .literal(.int(2)), "x": .literal(.int(1))]
        #expect(try BodyDecision.digest(after: "", call: first) == a)
        #expect(try BodyDecision.digest(after: "sha256:other", call: first) != a, "a call's digest depends on every call before it")
        first.inputs["x"] = .literal(.int(3))
        #expect(try BodyDecision.digest(after: "", call: first) != a)
    }

    @Test func callsOfDeclaredTasksCompileWithoutTheRegistryAndOthersNeedIt() throws {
        let calls = DynamicResult(
            nodes: [Spec.taskNode("n0", "add", version: "1", inputs: ["x": Spec.workflowInput("n")])], tasks: [Self.add],
            awaiting: [OutputReference(nodeID: "n0", output: "total")])
        let compiled = try #require(try BodyDecision.compileWithoutRegistry(calls, task: Self.body, nodeID: "b", failurePolicy: .failImmediately))
        #expect(compiled.spec?.nodes.map(\.id) == ["n0"])
        #expect(compiled.tasks == [Self.add])

        var undeclared = calls
        undeclared.tasks = []
        #expect(try BodyDecision.compileWithoutRegistry(undeclared, task: Self.body, nodeID: "b", failurePolicy: .failImmediately) == nil)

        var wrong = calls
        wrong.nodes[0].inputs["x"] = .literal(.string("three"))
        #expect(throws: WorkflowCompilationError.self) {
            try BodyDecision.compileWithoutRegistry(wrong, task: Self.body, nodeID: "b", failurePolicy: .failImmediately)
        }
    }

    @Test func aBodyWaitsOnlyOnItsOwnCalls() throws {
        let calls = DynamicResult(
            nodes: [Spec.taskNode("n0", "add", version: "1", inputs: ["x": Spec.workflowInput("n")])], tasks: [Self.add],
            awaiting: [OutputReference(nodeID: "elsewhere", output: "total")])
        #expect {
            try BodyDecision.compileWithoutRegistry(calls, task: Self.body, nodeID: "b", failurePolicy: .failImmediately)
        } throws: { error in
            "\(error)".contains("it waits on 'elsewhere', which is not one of its calls")
        }
    }

    @Test func theDivergenceNamesTheFirstCallThatDiffers() {
        let recorded = [Spec.taskNode("n0", "add", inputs: ["x": .literal(.int(1))]), Spec.taskNode("n1", "add", inputs: ["x": .literal(.int(2))])]
        var made = recorded
        made[1].inputs["x"] = .literal(.int(5))
        #expect(BodyDecision.divergence(recorded: recorded, made: made)
            == "the body is not deterministic: call 2 (n1) is now n1 = task add(x: 5), but earlier runs recorded n1 = task add(x: 2)")
        #expect(BodyDecision.divergence(recorded: recorded, made: [recorded[0]])
            == "the body is not deterministic: it no longer makes call 2 (n1), which earlier runs recorded as n1 = task add(x: 2)")
    }
}
