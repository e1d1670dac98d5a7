import SluiceEngine
import SluiceWire
import Testing

@Suite("Execution machine: graphs")
struct ExecutionMachineGraphTests {
    @Test("A chain runs one node at a time, each fed the previous output")
    func chain() {
        let task = Specs.addOne()
        let workflow = Specs.workflow("chain", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            Specs.taskNode("b", task, inputs: ["x": Specs.future("a", "y")]),
            Specs.taskNode("c", task, inputs: ["x": Specs.future("b", "y")]),
        ], tasks: [task], outputs: ["result": Specs.future("c", "y")])
        var driver = Driver(workflow, inputs: ["n": .int(10)])
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["a"])
        #expect(driver.attempt(of: "a")?.inputs == ["x": .int(10)])
        driver.succeed("a", ["y": .int(11)])
        #expect(driver.queued.map(\.nodeID) == ["b"])
        #expect(driver.attempt(of: "b")?.inputs == ["x": .int(11)])
        driver.succeed("b", ["y": .int(12)])
        driver.succeed("c", ["y": .int(13)])
        #expect(driver.executionPhase == .succeeded)
        #expect(driver.executionOutputs == ["result": .int(13)])
        // Sequence numbers run from 1 without gaps.
        #expect(driver.events.map(\.sequence) == Array(1...UInt64(driver.events.count)))
    }

    @Test("A fan-out runs its branches together; the fan-in waits for all of them")
    func fanOutFanIn() {
        let task = Specs.addOne()
        let sum = Specs.sum()
        let workflow = Specs.workflow("fan", nodes: [
            Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")]),
            Specs.taskNode("b1", task, inputs: ["x": Specs.future("a", "y")]),
            Specs.taskNode("b2", task, inputs: ["x": Specs.future("a", "y")]),
            Specs.taskNode("b3", task, inputs: ["x": Specs.future("a", "y")]),
            Specs.taskNode("total", sum, inputs: ["values": .collection([
                Specs.future("b1", "y"), Specs.future("b2", "y"), Specs.future("b3", "y"),
            ])]),
        ], tasks: [task, sum], outputs: ["total": Specs.future("total", "total")])
        var driver = Driver(workflow)
        driver.start()
        driver.succeed("a", ["y": .int(2)])
        #expect(Set(driver.queued.map(\.nodeID)) == ["b1", "b2", "b3"])
        driver.succeed("b2", ["y": .int(20)])
        driver.succeed("b1", ["y": .int(10)])
        #expect(driver.attempt(of: "total") == nil)
        driver.succeed("b3", ["y": .int(30)])
        #expect(driver.attempt(of: "total")?.inputs == ["values": .collection([.int(10), .int(20), .int(30)])])
        driver.succeed("total", ["total": .int(60)])
        #expect(driver.executionOutputs == ["total": .int(60)])
    }

    @Test("A branch runs the first case that holds and skips the others", arguments: [(5, "small"), (50, "big")])
    func branch(value: Int64, chosen: String) {
        let task = Specs.addOne()
        var branchNode = Node()
        branchNode.id = "choose"
        branchNode.inputs = ["v": Specs.future("", "n")]
        var bigCase = BranchCase()
        bigCase.condition = .comparison(Comparison(op: .gt, left: .input("v"), right: .literal(.int(10))))
        bigCase.thenNode = Specs.taskNode("big", task, inputs: ["x": .literal(.int(1000))])
        branchNode.kind = .branch(BranchNode(
            cases: [bigCase], elseNode: Specs.taskNode("small", task, inputs: ["x": Specs.future("", "n")])))
        let workflow = Specs.workflow("branchy", nodes: [branchNode], tasks: [task], outputs: ["y": Specs.future("choose", "y")])
        var driver = Driver(workflow, inputs: ["n": .int(value)])
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["choose/\(chosen)"])
        let other = chosen == "big" ? "small" : "big"
        #expect(driver.nodePhases["choose/\(other)"] == .skipped)
        let skippedCache = driver.events.compactMap { event -> CacheInfo? in
            if case .node(let node) = event.kind, node.nodeID == "choose/\(other)" { return node.cache }
            return nil
        }.last
        #expect(skippedCache?.status == .disabled, "a skipped task node used no cache, as other uncached nodes say")
        driver.succeed("choose/\(chosen)", ["y": .int(7)])
        #expect(driver.nodePhases["choose"] == .succeeded)
        #expect(driver.executionOutputs == ["y": .int(7)])
    }

    @Test("A sub-workflow's nodes run under the node's id and its outputs become the node's")
    func subWorkflow() {
        let task = Specs.addOne()
        let inner = Specs.workflow("inner", nodes: [
            Specs.taskNode("n1", task, inputs: ["x": Specs.future("", "n")]),
            Specs.taskNode("n2", task, inputs: ["x": Specs.future("n1", "y")]),
        ], tasks: [task], outputs: ["out": Specs.future("n2", "y")])
        var subNode = Node()
        subNode.id = "sub"
        subNode.inputs = ["n": Specs.future("", "n")]
        subNode.kind = .workflow(SubWorkflowNode(workflow: Identifier(name: "inner", version: "1")))
        let outer = Specs.workflow("outer", nodes: [
            subNode, Specs.taskNode("after", task, inputs: ["x": Specs.future("sub", "out")]),
        ], tasks: [task], outputs: ["result": Specs.future("after", "y")], subWorkflows: [inner])
        var driver = Driver(outer, inputs: ["n": .int(1)])
        driver.start()
        #expect(driver.queued.map(\.nodeID) == ["sub/n1"])
        driver.succeed("sub/n1", ["y": .int(2)])
        driver.succeed("sub/n2", ["y": .int(3)])
        #expect(driver.nodePhases["sub"] == .succeeded)
        #expect(driver.attempt(of: "after")?.inputs == ["x": .int(3)])
        driver.succeed("after", ["y": .int(4)])
        #expect(driver.executionOutputs == ["result": .int(4)])
    }

    @Test("Outputs that do not match the task's interface fail the attempt")
    func badOutputs() {
        let task = Specs.addOne()
        let workflow = Specs.workflow("one", nodes: [Specs.taskNode("a", task, inputs: ["x": Specs.future("", "n")])],
                                      tasks: [task], outputs: [:])
        var driver = Driver(workflow)
        driver.start()
        driver.succeed("a", ["y": .string("eleven")])
        #expect(driver.nodePhases["a"] == .failed)
        #expect(driver.executionPhase == .failed)
    }
}
