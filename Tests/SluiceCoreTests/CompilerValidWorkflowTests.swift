import SluiceCore
import SluiceWire
import Testing

@Suite struct CompilerValidWorkflowTests {
    typealias S = Spec

    @Test func aChainCompilesWithEveryTaskPinnedAndEveryFutureTyped() throws {
        let spec = S.workflow("chain", inputs: [S.variable("x", S.int)], outputs: [S.variable("result", S.string)], nodes: [
            S.taskNode("a", "add", inputs: ["x": S.workflowInput("x")]),
            S.taskNode("b", "format", inputs: ["n": S.future("a", "total")]),
        ], bindings: ["result": S.future("b", "text")])

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)

        let nodes = try #require(compiled.spec?.nodes)
        #expect(nodes[0].kind == .task(TaskNode(task: Identifier(name: "add", version: "2"))))
        #expect(nodes[1].kind == .task(TaskNode(task: Identifier(name: "format", version: "1"))))
        #expect(compiled.tasks.compactMap(\.id) == [Identifier(name: "add", version: "2"), Identifier(name: "format", version: "1")])
        guard case .future(let future)? = nodes[1].inputs["n"] else { Issue.record("n is not a future"); return }
        #expect(future.type == S.int)
        guard case .future(let input)? = nodes[0].inputs["x"] else { Issue.record("x is not a future"); return }
        #expect(input.type == S.int)
        #expect(compiled.digest.hasPrefix("sha256:") && compiled.digest.count == 7 + 64)
        #expect(nodes[1].dependencies == ["a"])
    }

    @Test func aFanOutAndGatherCompilesWithEachTaskOnce() throws {
        let spec = S.workflow("fan", outputs: [S.variable("total", S.int)], nodes: [
            S.taskNode("source", "add", version: "1", inputs: ["x": .literal(.int(1))]),
            S.taskNode("left", "add", version: "1", inputs: ["x": S.future("source", "total")]),
            S.taskNode("right", "add", version: "1", inputs: ["x": S.future("source", "total"), "y": .literal(.int(5))]),
            S.taskNode("gather", "sum", inputs: ["values": .collection([S.future("left", "total"), S.future("right", "total"), .literal(.int(3))])]),
        ], bindings: ["total": S.future("gather", "total")])

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)

        #expect(compiled.tasks.compactMap(\.id?.name) == ["add", "sum"])
        #expect(compiled.spec?.nodes[3].dependencies == ["left", "right"])
    }

    @Test func anInputLeftOutIsBoundToTheTasksDefault() throws {
        // `add` declares y with a default of 1: a node that leaves y out runs with it (its
        // script's templates and its cache key see y), one that gives y keeps its own.
        let spec = S.workflow("defaults", outputs: [S.variable("total", S.int)], nodes: [
            S.taskNode("left", "add", inputs: ["x": .literal(.int(2))]),
            S.taskNode("right", "add", inputs: ["x": .literal(.int(2)), "y": .literal(.int(5))]),
        ], bindings: ["total": S.future("left", "total")])

        let nodes = try #require(try WorkflowCompiler.compile(spec, registry: S.registry).spec?.nodes)

        #expect(nodes[0].inputs == ["x": .literal(.int(2)), "y": .literal(.int(1))])
        #expect(nodes[1].inputs == ["x": .literal(.int(2)), "y": .literal(.int(5))])
    }

    @Test func aBranchCompilesWithItsCaseNodesPinnedAndItsCommonOutputsUsable() throws {
        let branch = BranchNode(
            cases: [BranchCase(
                condition: .comparison(Comparison(op: .gt, left: .input("v"), right: .literal(.int(10)))),
                thenNode: S.taskNode("big", "shout", inputs: ["n": S.future("a", "total")]))],
            elseNode: S.taskNode("small", "format", inputs: ["n": S.future("a", "total")]))
        let spec = S.workflow("branching", outputs: [S.variable("text", S.string)], nodes: [
            S.taskNode("a", "add", inputs: ["x": .literal(.int(4))]),
            Node(id: "choose", inputs: ["v": S.future("a", "total")], kind: .branch(branch)),
            S.taskNode("after", "format", inputs: ["n": .literal(.int(1))], upstream: ["choose"]),
        ], bindings: ["text": S.future("choose", "text")])

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)

        guard case .branch(let pinned)? = compiled.spec?.nodes[1].kind else { Issue.record("not a branch"); return }
        #expect(pinned.cases[0].thenNode?.kind == .task(TaskNode(task: Identifier(name: "shout", version: "1"))))
        #expect(pinned.elseNode?.kind == .task(TaskNode(task: Identifier(name: "format", version: "1"))))
        #expect(Set(compiled.tasks.compactMap(\.id?.name)) == ["add", "shout", "format"])
        #expect(compiled.spec?.nodes[1].outputTypes(in: compiled) == ["text": S.string])
        #expect(compiled.spec?.nodes[1].dependencies == ["a"])
    }

    @Test func aSubWorkflowCompilesPinnedToItsResolvedVersion() throws {
        let inner = try WorkflowCompiler.compile(
            S.workflow("inner", version: "7", inputs: [S.variable("n", S.int)], outputs: [S.variable("text", S.string)],
                       nodes: [S.taskNode("f", "format", inputs: ["n": S.workflowInput("n")])],
                       bindings: ["text": S.future("f", "text")]),
            registry: S.registry)
        var registry = S.registry
        registry.workflows = [inner]
        let spec = S.workflow("outer", outputs: [S.variable("text", S.string)], nodes: [
            Node(id: "sub", inputs: ["n": .literal(.int(2))], kind: .workflow(SubWorkflowNode(workflow: Identifier(name: "inner")))),
        ], bindings: ["text": S.future("sub", "text")])

        let compiled = try WorkflowCompiler.compile(spec, registry: registry)

        #expect(compiled.spec?.nodes[0].kind == .workflow(SubWorkflowNode(workflow: Identifier(name: "inner", version: "7"))))
        #expect(compiled.subWorkflows == [inner])
        #expect(compiled.subWorkflow(Identifier(name: "inner", version: "7")) == inner)
        #expect(compiled.tasks.isEmpty)
    }

    @Test func mapGateAndDynamicNodesGiveTheOutputsTheirKindsDeclare() throws {
        let spec = S.workflow("kinds", nodes: [
            Node(id: "each", inputs: ["x": .literal(.collection([.int(1), .int(2)]))],
                 kind: .map(MapNode(task: Identifier(name: "add"), mappedInputs: ["x"]))),
            Node(id: "ask", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "limit", type: S.float))))),
            Node(id: "review", inputs: ["value": S.future("each", "total")],
                 kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ok"))))),
            Node(id: "wait", kind: .gate(GateNode(condition: .sleep(SleepGate(duration: .seconds(30)))))),
            Node(id: "grow", inputs: ["n": .literal(.int(3))], kind: .dynamic(DynamicNode(task: Identifier(name: "plan")))),
            S.taskNode("use", "sum", inputs: ["values": S.future("review", "value")], upstream: ["wait"]),
        ])

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)
        let nodes = try #require(compiled.spec?.nodes)

        #expect(nodes[0].outputTypes(in: compiled) == ["total": .collection(S.int)])
        #expect(nodes[1].outputTypes(in: compiled) == ["value": S.float])
        #expect(nodes[2].outputTypes(in: compiled) == ["value": .collection(S.int)])
        #expect(nodes[3].outputTypes(in: compiled) == [:])
        #expect(nodes[4].outputTypes(in: compiled) == ["total": S.int])
        #expect(nodes[5].dependencies == ["review", "wait"])
    }

    @Test func aPathIntoAStructuredOutputIsTypedByTheStepsItTakes() throws {
        let spec = S.workflow("paths", nodes: [
            S.taskNode("s", "stats"),
            S.taskNode("a", "add", inputs: ["x": S.future("s", "report", .key("rows"), .index(0), .key("count"))]),
        ])

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)

        guard case .future(let future)? = compiled.spec?.nodes[1].inputs["x"] else { Issue.record("not a future"); return }
        #expect(future.type == S.int)
    }

    @Test func failurePolicyAndDescriptionPassThrough() throws {
        var spec = S.workflow("policy", nodes: [S.taskNode("a", "add", inputs: ["x": .literal(.int(1))])])
        spec.failurePolicy = .failAfterRunningNodes
        spec.description = "kept"

        let compiled = try WorkflowCompiler.compile(spec, registry: S.registry)

        #expect(compiled.spec?.failurePolicy == .failAfterRunningNodes)
        #expect(compiled.spec?.description == "kept")
    }
}
