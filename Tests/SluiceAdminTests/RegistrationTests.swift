import SluiceAdmin
import SluiceCore
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Registering tasks and workflows", .loadsTheMachine)
struct RegistrationTests {
    @Test("the same task registered twice is created once; the second time is a no-op with the same digest", arguments: StoreKind.allCases)
    func taskReRegistrationIsNoOp(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let first = try await admin.register(Samples.greetTask)
        let second = try await admin.register(Samples.greetTask)
        #expect(first.created)
        #expect(!second.created)
        #expect(first.digest == second.digest && !first.digest.isEmpty)
        #expect(second.id == Identifier(name: "greet", version: "1"))
    }

    @Test("changing a registered task version is a CONFLICT naming each field that differs", arguments: StoreKind.allCases)
    func taskConflictNamesFields(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        var changed = Samples.greetTask
        changed.kind = .shell(ShellTask(command: ["echo", "bye"]))
        changed.retries = RetryPolicy(maxRetries: 5)
        let error = await refusal { try await admin.register(changed) }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("command") == true)
        #expect(error?.message.contains("retries") == true)
        #expect(error?.message.contains("interface") == false)
        #expect(error?.message.contains("greet:1") == true)
    }

    @Test("a task without a name or kind is refused with every problem listed", arguments: StoreKind.allCases)
    func invalidTaskListsEveryProblem(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let error = await refusal { try await admin.register(TaskSpec(id: Identifier(name: ""))) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("no name") == true)
        #expect(error?.message.contains("shell, swift or dynamic") == true)
    }

    @Test("a task or workflow registered without a version gets one from its content: unchanged content, the same one", arguments: StoreKind.allCases)
    func missingVersionsComeFromTheContent(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        var task = Samples.greetTask
        task.id?.version = ""
        let first = try await admin.register(task)
        #expect(first.created)
        #expect(first.id?.version == (try ContentVersion.of(task)))
        #expect(first.id?.version.count == 12)
        let again = try await admin.register(task)
        #expect(!again.created && again.id == first.id)
        var edited = task
        edited.retries = RetryPolicy(maxRetries: 4)
        let second = try await admin.register(edited)
        #expect(second.created && second.id?.version != first.id?.version, "edited content is a new version, not a conflict")

        var workflow = Samples.greetingWorkflow
        workflow.id?.version = ""
        let registered = try await admin.register(workflow)
        #expect(registered.id?.version == (try ContentVersion.of(workflow)))
        #expect(try await admin.register(workflow).created == false)
    }

    @Test("get_task with no version answers the latest registered; list_tasks pages through every version", arguments: StoreKind.allCases)
    func latestAndListing(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        for version in ["1", "2", "3"] {
            var task = Samples.greetTask
            task.id = Identifier(name: "greet", version: version)
            try await admin.register(task)
        }
        var other = Samples.greetTask
        other.id = Identifier(name: "another", version: "1")
        try await admin.register(other)

        let latest = try await admin.call(.getTask(GetTaskRequest(id: Identifier(name: "greet"))))
        guard case .getTask(let reply) = latest else { Issue.record("not a get_task reply"); return }
        #expect(reply.task?.id?.version == "3")
        #expect(reply.registeredAt != nil)

        var seen: [String] = []
        var token = ""
        repeat {
            guard case .listTasks(let page) = try await admin.call(.listTasks(ListTasksRequest(limit: 3, pageToken: token)))
            else { Issue.record("not a list_tasks reply"); return }
            seen += page.tasks.map { "\($0.id?.name ?? ""):\($0.id?.version ?? "")" }
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen == ["another:1", "greet:1", "greet:2", "greet:3"])

        guard case .listTasks(let named) = try await admin.call(.listTasks(ListTasksRequest(name: "another"))) else { return }
        #expect(named.tasks.map(\.id?.name) == ["another"])
    }

    @Test("a bad page token is refused, not read as the first page", arguments: StoreKind.allCases)
    func badPageToken(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let error = await refusal { try await admin.call(.listTasks(ListTasksRequest(pageToken: "not-a-token"))) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("a workflow compiles against registered tasks and is stored compiled; the same again is a no-op", arguments: StoreKind.allCases)
    func workflowRegistration(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        let first = try await admin.register(Samples.greetingWorkflow)
        let again = try await admin.register(Samples.greetingWorkflow)
        #expect(first.created && !again.created)
        #expect(first.digest == again.digest)

        guard case .getWorkflow(let reply) = try await admin.call(.getWorkflow(GetWorkflowRequest(id: Identifier(name: "greeting"))))
        else { Issue.record("not a get_workflow reply"); return }
        #expect(reply.workflow?.spec == Samples.greetingWorkflow)
        #expect(reply.workflow?.tasks == [Samples.greetTask])
        #expect(reply.workflow?.digest == first.digest)

        guard case .listWorkflows(let list) = try await admin.call(.listWorkflows(ListWorkflowsRequest())) else { return }
        #expect(list.workflows.map(\.id) == [Identifier(name: "greeting", version: "1")])
        #expect(list.workflows.first?.description == "Greets someone")
    }

    @Test("compilation problems come back all at once, in the message and one detail each", arguments: StoreKind.allCases)
    func workflowProblemsAreAllReported(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        var broken = Samples.greetingWorkflow
        broken.outputs = [:]
        let error = await refusal { try await admin.register(broken) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details.map(\.nodeID).sorted() == ["", "hello"])
        #expect(error?.details.contains { $0.input == "greeting" } == true)
        #expect(error?.message.contains("task greet is not registered") == true)
        #expect(error?.message.contains("output greeting is bound to nothing") == true)
    }

    @Test("re-registering a workflow version with other nodes is a CONFLICT naming the nodes", arguments: StoreKind.allCases)
    func workflowConflictNamesNodes(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        try await admin.register(Samples.greetTask)
        try await admin.register(Samples.greetingWorkflow)
        var changed = Samples.greetingWorkflow
        changed.nodes.append(Node(id: "again", kind: .task(TaskNode(task: Identifier(name: "greet")))))
        changed.description = "Greets twice"
        let error = await refusal { try await admin.register(changed) }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("nodes (added: again)") == true)
        #expect(error?.message.contains("description") == true)
    }
}
