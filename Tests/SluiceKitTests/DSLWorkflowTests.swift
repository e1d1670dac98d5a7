import Foundation
import SluiceKit
import Testing

@Suite struct DSLWorkflowTests {
    private let int = LiteralType.simple(.int)

    private func future(_ node: String, _ output: String, _ type: LiteralType) -> Binding {
        .future(SluiceWire.Future(reference: OutputReference(nodeID: node, output: output), type: type))
    }

    private func compilationError(_ workflow: some WorkflowDefinition) -> WorkflowCompilationError? {
        do {
            _ = try workflow.compiled()
            Issue.record("\(workflow.workflowID.name) compiled")
            return nil
        } catch {
            return error
        }
    }

    @Test func aChainBuildsNodesWithTheirIdsBindingsAndTypedFutures() throws {
        let spec = Fixtures.chain.spec
        #expect(spec.id == Identifier(name: "chain", version: "1"))
        #expect(spec.interface == TypedInterface(
            inputs: [Variable(name: "n", type: int)], outputs: [Variable(name: "result", type: int)]))
        #expect(spec.nodes.map(\.id) == ["a", "n1"], "explicit ids are kept; the others count calls")
        #expect(spec.nodes[0].kind == .task(TaskNode(task: Identifier(name: "add-one", version: "1"))))
        #expect(spec.nodes[0].inputs == ["x": future("", "n", int)])
        #expect(spec.nodes[1].inputs == ["x": future("a", "y", int)])
        #expect(spec.outputs == ["result": future("n1", "y", int)])
        #expect(spec.failurePolicy == .failImmediately)
        #expect(Fixtures.chain.problems.isEmpty)
        #expect(Fixtures.chain.tasks.map(\.taskID) == [Identifier(name: "add-one", version: "1")])

        let compiled = try Fixtures.chain.compiled()
        #expect(compiled.tasks.map(\.id) == [Identifier(name: "add-one", version: "1")])
        #expect(compiled.spec?.nodes.count == 2)
    }

    @Test func aFanInIsACollectionOfFuturesAndConstants() throws {
        let spec = Fixtures.fanOut.spec
        #expect(spec.nodes.map(\.id) == ["n0", "n1", "n2", "n3", "n4", "total"])
        #expect(spec.nodes[1].inputs == ["values": .collection([future("", "n", int), .literal(.int(9))])])
        #expect(spec.nodes[5].inputs == ["values": .collection([
            future("n0", "y", int), future("n2", "y", int), future("n4", "y", int),
        ])])
        _ = try Fixtures.fanOut.compiled()
    }

    @Test func aBranchComparesItsInputsAndHoldsOneNodePerCase() throws {
        let spec = Fixtures.sized.spec
        #expect(spec.nodes.map(\.id) == ["size"])
        let node = spec.nodes[0]
        #expect(node.inputs == ["in0": future("", "n", int)])
        guard case .branch(let branch) = node.kind else {
            Issue.record("not a branch: \(String(describing: node.kind))")
            return
        }
        #expect(branch.cases.count == 1)
        #expect(branch.cases.first?.condition == .comparison(Comparison(op: .gt, left: .input("in0"), right: .literal(.int(10)))))
        #expect(branch.cases.first?.thenNode?.id == "big")
        #expect(branch.elseNode?.id == "small")
        #expect(branch.elseNode?.inputs == ["n": future("", "n", int)])
        #expect(spec.outputs == ["label": future("size", "label", .simple(.string))])
        _ = try Fixtures.sized.compiled()
    }

    @Test func conditionsCombineWithAndOrNot() {
        let workflow = Workflow("combined", version: "1", input: ChainInput.self, output: LabelOutput.self) { wf in
            let n = wf.input("n", as: Int.self)
            let size = wf.branch(id: "pick") { b in
                b.when(n >= 1 && !(n == 5) || 100 < n) { wf.call(Fixtures.big, id: "big", ["n": n]) }
                b.otherwise(fail: "nothing fits")
            }
            return ["label": size["label", as: String.self]]
        }
        guard case .branch(let branch) = workflow.spec.nodes.first?.kind else {
            Issue.record("not a branch")
            return
        }
        let n = Operand.input("in0")
        #expect(branch.cases.first?.condition == .conjunction(Conjunction(op: .or, operands: [
            .conjunction(Conjunction(op: .and, operands: [
                .comparison(Comparison(op: .ge, left: n, right: .literal(.int(1)))),
                .negation(.comparison(Comparison(op: .eq, left: n, right: .literal(.int(5))))),
            ])),
            .comparison(Comparison(op: .lt, left: .literal(.int(100)), right: n)),
        ])))
        #expect(branch.elseError == "nothing fits")
        #expect(workflow.spec.nodes.first?.inputs.count == 1, "one future compared three times is one input")
    }

    @Test func aSubWorkflowCallNamesTheWorkflowAndBringsItsTasks() throws {
        let spec = Fixtures.outer.spec
        #expect(spec.nodes.first?.kind == .workflow(SubWorkflowNode(workflow: Identifier(name: "chain", version: "1"))))
        #expect(Fixtures.outer.subWorkflows.map(\.workflowID) == [Identifier(name: "chain", version: "1")])
        #expect(Fixtures.outer.allTasks.map(\.taskID) == [Identifier(name: "add-one", version: "1")])
        let compiled = try Fixtures.outer.compiled()
        #expect(compiled.subWorkflows.map(\.spec?.id) == [Identifier(name: "chain", version: "1")])
    }

    @Test func nodeOverridesAndUpstreamNodesAreKept() {
        let workflow = Workflow("tuned", version: "1", input: ChainInput.self, output: ChainOutput.self, failurePolicy: .failAfterRunningNodes) { wf in
            let first = wf.call(Fixtures.addOne, ["x": 1])
            let second = wf.call(
                Fixtures.addOne, ["x": wf.input("n", as: Int.self)], retries: Retries(2), timeout: .seconds(5), pool: "big",
                name: "second", after: [first])
            return ["result": second["y", as: Int.self]]
        }
        let node = workflow.spec.nodes[1]
        #expect(node.upstream == ["n0"])
        #expect(node.metadata == NodeMetadata(name: "second", timeout: .seconds(5), retries: RetryPolicy(maxRetries: 2, backoffMultiplier: 1), pool: "big"))
        #expect(workflow.spec.nodes[0].metadata == nil)
        #expect(workflow.spec.failurePolicy == .failAfterRunningNodes)
    }

    @Test func aMistypedBindingIsReportedWithItsNodeAndInputWhenCompiled() {
        let workflow = Workflow("mistyped", version: "1", input: ChainInput.self, output: LabelOutput.self) { wf in
            let label = wf.call(Fixtures.big, id: "label", ["n": wf.input("n", as: Int.self)])
            let bad = wf.call(Fixtures.addOne, id: "bad", ["x": label["label", as: String.self]])
            _ = wf.call(Fixtures.addOne, id: "worse", ["x": "seven"])
            return ["label": bad["y", as: Int.self]]
        }
        let error = compilationError(workflow)
        let places = Set((error?.problems ?? []).map { "\($0.nodeID)/\($0.input)" })
        #expect(places.contains("bad/x"))
        #expect(places.contains("worse/x"))
        #expect(places.contains("/label"), "the workflow output label is an int, not the string declared")
        #expect(error?.description.contains("node bad, input x") == true)
    }

    @Test func readingAnOutputAsTheWrongSwiftTypeIsReported() {
        let workflow = Workflow("misread", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a", ["x": wf.input("n", as: Int.self)])
            _ = a["y", as: String.self]
            return ["result": a["y", as: Int.self]]
        }
        let problem = workflow.problems.first
        #expect(problem?.nodeID == "a")
        #expect(problem?.message.contains("output y is int but is read as String") == true)
        #expect(compilationError(workflow) != nil)
    }

    @Test func aTaskWithoutASluiceTypeIsReportedWhereItIsCalled() {
        struct Weird: Codable { var raw: Literal }
        let weird = SwiftTask("weird", version: "1") { (input: Weird) in AddOneOutput(y: 0) }
        let workflow = Workflow("uses-weird", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(weird, id: "w", ["raw": 1])
            return ["result": a["y", as: Int.self]]
        }
        let error = compilationError(workflow)
        #expect(error?.problems.contains { $0.nodeID == "w" && $0.message.contains("Weird.raw") } == true)
    }

    @Test func aFutureCannotCrossWorkflows() throws {
        var leaked: Future<Int>?
        _ = Workflow("first", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let n = wf.input("n", as: Int.self)
            leaked = n
            return ["result": n]
        }
        let foreign = try #require(leaked)
        let second = Workflow("second", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a", ["x": foreign])
            return ["result": a["y", as: Int.self]]
        }
        #expect(second.problems.contains { $0.nodeID == "a" && $0.input == "x" && $0.message.contains("another workflow") })
    }

    @Test func aCaseMustMakeExactlyOneCall() {
        let workflow = Workflow("crowded", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let n = wf.input("n", as: Int.self)
            let pick = wf.branch(id: "pick") { b in
                b.when(n > 1) {
                    let first = wf.call(Fixtures.addOne, ["x": n])
                    return wf.call(Fixtures.addOne, ["x": first["y", as: Int.self]])
                }
            }
            return ["result": pick["y", as: Int.self]]
        }
        #expect(workflow.problems.contains { $0.nodeID == "pick" && $0.message.contains("exactly one call") })
    }
}
