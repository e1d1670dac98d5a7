import SluiceCore
import SluiceWire
import Testing

@Suite struct CompilerProblemTests {
    typealias S = Spec

    private func problems(_ spec: WorkflowSpec, registry: MemoryRegistry = Spec.registry) throws -> WorkflowCompilationError {
        do {
            _ = try WorkflowCompiler.compile(spec, registry: registry)
        } catch let error as WorkflowCompilationError {
            return error
        }
        Issue.record("the workflow compiled")
        return WorkflowCompilationError(workflow: Identifier(), problems: [])
    }

    @Test func everyProblemOfAWorkflowIsReportedAtOnceNamingNodeAndInput() throws {
        let spec = S.workflow("broken", nodes: [
            S.taskNode("a", "nope", version: "3"),
            S.taskNode("b", "format", inputs: ["n": .literal(.string("three"))]),
            S.taskNode("c", "format", inputs: ["n": S.future("b", "text")]),
            S.taskNode("d", "add"),
            S.taskNode("d", "add", inputs: ["x": .literal(.int(1))]),
            S.taskNode("e", "format", inputs: ["n": S.future("ghost", "total")]),
            S.taskNode("f", "add", inputs: ["x": S.future("s", "report", .key("rows"), .key("oops"))]),
            S.taskNode("s", "stats"),
            S.taskNode("p", "add", inputs: ["x": S.future("q", "total")]),
            S.taskNode("q", "add", inputs: ["x": S.future("p", "total")]),
        ])

        let error = try problems(spec)

        #expect(error.has(node: "a", "unknown task 'nope:3'"))
        #expect(error.has(node: "b", input: "n", "literal does not match input 'n'"))
        #expect(error.has(node: "c", input: "n", "future b.text (string) does not match input 'n' (int)"))
        #expect(error.has(node: "d", input: "x", "unbound required input"))
        #expect(error.has(node: "d", "duplicate node id 'd'"))
        #expect(error.has(node: "e", input: "n", "unknown node 'ghost'"))
        #expect(error.has(node: "f", input: "x", "bad path"))
        #expect(error.has(node: "p", "cycle: p -> q -> p"))
        #expect(error.problems.count == 8)
        #expect(error.description.contains("node c, input n: future b.text (string) does not match input 'n' (int)"))
    }

    @Test func anUnknownLatestTaskIsNamedAsLatest() throws {
        let error = try problems(S.workflow("w", nodes: [S.taskNode("a", "missing")]))
        #expect(error.has(node: "a", "unknown task 'missing:latest'"))
    }

    @Test func idsMustBeNamedAndVersionedAndNodesMustBeWellFormed() throws {
        var spec = S.workflow("", version: "", nodes: [
            Node(id: "", kind: .task(TaskNode(task: Identifier(name: "format")))),
            Node(id: "a/b", inputs: ["n": .literal(.int(1))], kind: .task(TaskNode(task: Identifier(name: "format")))),
            Node(id: "bare"),
            S.taskNode("self", "add", inputs: ["x": S.future("self", "total")]),
            S.taskNode("late", "format", inputs: ["n": .literal(.int(1)), "extra": .literal(.int(2))], upstream: ["nowhere"]),
        ])
        spec.interface = TypedInterface(inputs: [Variable(name: "1bad", type: S.int), Variable(name: "u", type: .union([S.int]))])

        let error = try problems(spec)

        #expect(error.has(node: "", "the workflow has no name"))
        #expect(error.has(node: "", "the workflow has no version"))
        #expect(error.has(node: "", input: "1bad", "not a valid name"))
        #expect(error.has(node: "", input: "u", "a union needs at least two variants"))
        #expect(error.has(node: "", "a node has no id"))
        #expect(error.has(node: "a/b", "cannot contain '/'"))
        #expect(error.has(node: "bare", "the node has no kind"))
        #expect(error.has(node: "self", input: "x", "cannot refer to its own outputs"))
        #expect(error.has(node: "late", input: "extra", "undeclared input: the task takes n"))
        #expect(error.has(node: "late", "upstream 'nowhere' is not a node of this workflow"))
    }

    @Test func workflowInputsAndOutputsAreCheckedLikeNodeInputs() throws {
        let spec = S.workflow("io", inputs: [S.variable("x", S.string)],
                              outputs: [S.variable("total", S.int), S.variable("text", S.string)], nodes: [
            S.taskNode("a", "add", inputs: ["x": S.workflowInput("x")]),
            S.taskNode("b", "add", inputs: ["x": S.workflowInput("missing")]),
        ], bindings: ["total": S.future("a", "text"), "extra": .literal(.int(1))])

        let error = try problems(spec)

        #expect(error.has(node: "a", input: "x", "future inputs.x (string) does not match input 'x' (int)"))
        #expect(error.has(node: "b", input: "x", "the workflow has no input 'missing'"))
        #expect(error.has(node: "", input: "total", "node 'a' has no output 'text'"))
        #expect(error.has(node: "", input: "extra", "undeclared output"))
        #expect(error.has(node: "", input: "text", "unbound output"))
    }

    @Test func aBranchOutputNotGivenByEveryCaseCannotBeUsed() throws {
        let branch = BranchNode(
            cases: [BranchCase(
                condition: .comparison(Comparison(op: .lt, left: .input("v"), right: .literal(.string("x")))),
                thenNode: S.taskNode("loud", "shout", inputs: ["n": .literal(.int(1))]))],
            elseNode: S.taskNode("quiet", "format", inputs: ["n": S.future("choose", "text")]))
        let spec = S.workflow("b", nodes: [
            Node(id: "choose", inputs: ["v": .literal(.int(3))], kind: .branch(branch)),
            S.taskNode("use", "format", inputs: ["n": S.future("choose", "loud")]),
            S.taskNode("peek", "format", inputs: ["n": S.future("loud", "text")]),
            S.taskNode("loud", "add", inputs: ["x": .literal(.int(1))]),
        ])

        let error = try problems(spec)

        #expect(error.has(node: "use", input: "n", "output 'loud' of branch 'choose' is not given, with one type, by every case"))
        #expect(error.has(node: "choose", "case 1: cannot compare int with string by LT"))
        #expect(error.has(node: "quiet", input: "n", "a case node cannot refer to its own branch node 'choose'"))
        #expect(error.has(node: "loud", "duplicate node id 'loud'"))
    }

    @Test func branchConditionsMayOnlyReadTheBranchNodesInputs() throws {
        let branch = BranchNode(cases: [
            BranchCase(condition: .conjunction(Conjunction(op: .and, operands: [
                .comparison(Comparison(op: .eq, left: .input("missing"), right: .literal(.int(1)))),
                .negation(.comparison(Comparison(op: .unspecified, left: .input("v"), right: .literal(.int(2))))),
            ])), thenNode: S.taskNode("then", "format", inputs: ["n": .literal(.int(1))])),
            BranchCase(condition: nil, thenNode: nil),
        ])
        let error = try problems(S.workflow("c", nodes: [Node(id: "br", inputs: ["v": .literal(.int(1))], kind: .branch(branch))]))

        #expect(error.has(node: "br", input: "missing", "not an input of the branch node"))
        #expect(error.has(node: "br", "case 1: a comparison has no operator"))
        #expect(error.has(node: "br", "case 2 has no condition"))
        #expect(error.has(node: "br", "case 2 has no node to run"))
    }

    @Test func gatesMapsAndDynamicNodesAreCheckedForWhatTheyNeed() throws {
        let spec = S.workflow("g", nodes: [
            Node(id: "signal", inputs: ["x": .literal(.int(1))], kind: .gate(GateNode(condition: .signal(SignalGate())))),
            Node(id: "approve", kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ok", input: "thing"))))),
            Node(id: "sleep", kind: .gate(GateNode(condition: .sleep(SleepGate(duration: .zero))))),
            Node(id: "nap", kind: .gate(GateNode(condition: .sleep(SleepGate(duration: .seconds(315_576_000_000)))))),
            Node(id: "long", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: String(repeating: "s", count: 300), type: .simple(.int)))))),
            Node(id: "wait", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "s", type: .simple(.int))),
                                                  timeout: .seconds(315_576_000_000)))),
            Node(id: "each", inputs: ["x": .literal(.int(1))], kind: .map(MapNode(task: Identifier(name: "add"), mappedInputs: ["x", "z"]))),
            Node(id: "some", inputs: ["x": .literal(.collection([.int(1)]))],
                 kind: .map(MapNode(task: Identifier(name: "add"), mappedInputs: ["x"], successCriteria: .minSuccesses(1)))),
            Node(id: "grow", inputs: ["n": .literal(.int(1))], kind: .dynamic(DynamicNode(task: Identifier(name: "format")))),
            Node(id: "plain", inputs: ["n": .literal(.int(1))], kind: .task(TaskNode(task: Identifier(name: "plan")))),
        ])

        let error = try problems(spec)

        #expect(error.has(node: "signal", "the signal gate has no signal_id"))
        #expect(error.has(node: "signal", "declares no type"))
        #expect(error.has(node: "signal", input: "x", "a signal gate takes no inputs"))
        #expect(error.has(node: "approve", input: "thing", "not bound"))
        #expect(error.has(node: "sleep", "the sleep gate's duration must be positive, is 0s"))
        #expect(error.has(node: "nap", "the sleep gate's duration must be at most 100 years"))
        #expect(error.has(node: "long", "the signal_id is 300 bytes long; at most 256 are allowed"), "admin would refuse to set it")
        #expect(error.has(node: "wait", "the gate's timeout must be at most 100 years (3153600000s), is 315576000000s"))
        #expect(error.has(node: "each", input: "x", "does not match input 'x'"))
        #expect(error.has(node: "each", input: "z", "mapped input is not an input of task 'add:2'"))
        #expect(error.has(node: "some", "min_successes lets elements fail, and a failed element's outputs are none: output 'total' of task 'add:2' must be optional (int | none)"))
        #expect(error.has(node: "grow", "is not a dynamic task"))
        #expect(error.has(node: "plain", "is a dynamic task; run it with a dynamic node"))
    }

    @Test func aBuiltCollectionIsCheckedElementByElement() throws {
        let spec = S.workflow("coll", nodes: [
            S.taskNode("a", "add", inputs: ["x": .literal(.int(1))]),
            S.taskNode("f", "format", inputs: ["n": .literal(.int(1))]),
            S.taskNode("s", "sum", inputs: ["values": .collection([S.future("a", "total"), S.future("f", "text"), .literal(.string("4"))])]),
        ])

        let error = try problems(spec)

        #expect(error.has(node: "s", input: "values", "future f.text (string) does not match input 'values' at [1] (int)"))
        #expect(error.has(node: "s", input: "values", "[2]: expected int"))
    }
}
