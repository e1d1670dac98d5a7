import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

/// What a dynamic task returned, compiled as the scheduler asks before running it.
@Suite("Compiling a dynamic task's subgraph", .loadsTheMachine)
struct CompileSubgraphTests {
    private static let planner = TaskSpec(
        id: Identifier(name: "plan", version: "1"),
        interface: TypedInterface(
            inputs: [Variable(name: "who", type: .simple(.string))],
            outputs: [Variable(name: "greeting", type: .simple(.string))]),
        kind: .dynamic(DynamicTask(body: .swiftName("plan"))))

    private func greet(_ id: String, task: String = "greet") -> Node {
        Node(id: id, inputs: ["who": .future(Future(reference: OutputReference(nodeID: "", output: "who")))],
             kind: .task(TaskNode(task: Identifier(name: task))))
    }

    private func compile(_ admin: AdminFixture, _ result: DynamicResult) async throws -> CompileSubgraphResponse {
        let request = CompileSubgraphRequest(nodeID: "grow", task: Self.planner, result: result)
        guard case .compileSubgraph(let reply) = try await admin.call(.compileSubgraph(request)) else {
            throw FixtureFailure("compile_subgraph answered with another reply")
        }
        return reply
    }

    @Test("a subgraph of registered tasks compiles, each task pinned to its registered version", arguments: StoreKind.allCases)
    func registeredTasksArePinned(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        let reply = try await compile(admin, DynamicResult(
            nodes: [greet("a"), greet("b")],
            outputs: ["greeting": .future(Future(reference: OutputReference(nodeID: "b", output: "greeting")))]))
        let subgraph = try #require(reply.subgraph)
        #expect(subgraph.spec?.nodes.map(\.id) == ["a", "b"])
        #expect(subgraph.tasks.compactMap(\.id) == [Identifier(name: "greet", version: "1")])
        #expect(subgraph.spec?.interface == Self.planner.interface)
    }

    @Test("a task the result declares is used although nobody registered it", arguments: StoreKind.allCases)
    func declaredTasksAreUsed(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        var shout = Samples.greetTask
        shout.id = Identifier(name: "shout", version: "7")
        let reply = try await compile(admin, DynamicResult(
            nodes: [greet("a", task: "shout")], tasks: [shout],
            outputs: ["greeting": .future(Future(reference: OutputReference(nodeID: "a", output: "greeting")))]))
        #expect(reply.subgraph?.tasks.compactMap(\.id) == [Identifier(name: "shout", version: "7")])
    }

    @Test("every problem of an invalid subgraph is listed, each naming its node", arguments: StoreKind.allCases)
    func problemsAreListed(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        let error = await refusal {
            try await compile(admin, DynamicResult(
                nodes: [greet("a", task: "missing"), greet("b")],
                outputs: ["greeting": .future(Future(reference: OutputReference(nodeID: "b", output: "nope")))]))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details.contains { $0.nodeID == "a" && $0.message.contains("missing") } == true, "\(error?.details ?? [])")
        #expect(error?.message.contains("nope") == true, "\(error?.message ?? "")")
    }

    @Test("a subgraph over 4 MiB is refused, saying how to pass large values", arguments: StoreKind.allCases)
    func largeSubgraphsAreRefused(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        var node = greet("a")
        node.inputs["who"] = .literal(.string(String(repeating: "x", count: 5 << 20)))
        let error = await refusal {
            try await compile(admin, DynamicResult(
                nodes: [node], outputs: ["greeting": .future(Future(reference: OutputReference(nodeID: "a", output: "greeting")))]))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("over the limit of 4194304") == true, "\(error?.message ?? "")")
    }

    @Test("a request without the dynamic task, or with a task that is not dynamic, is refused", arguments: StoreKind.allCases)
    func badRequestsAreRefused(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let missing = await refusal { try await admin.call(.compileSubgraph(CompileSubgraphRequest(nodeID: "grow"))) }
        #expect(missing?.code == .invalidArgument)
        let notDynamic = await refusal {
            try await admin.call(.compileSubgraph(CompileSubgraphRequest(nodeID: "grow", task: Samples.greetTask, result: DynamicResult())))
        }
        #expect(notDynamic?.code == .invalidArgument)
    }
}
