import Foundation
import Logging
import SluiceAdmin
import SluiceCore
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// A fresh admin service over a new database of its own (an SQLite file in a directory of its
/// own, or a new database on the tests' PostgreSQL server), called directly (no sockets). The
/// directory goes when the value does.
final class AdminFixture: Sendable {
    let kind: StoreKind
    let directory: URL
    /// The SQLite file's path or the PostgreSQL database's URL.
    let database: String
    let store: any AdminStore
    let service: AdminService

    var databasePath: String { directory.appendingPathComponent("admin.sqlite").path }

    /// The store, for the tests of what only the SQLite store has.
    var sqliteStore: SQLiteAdminStore {
        get throws {
            guard let store = store as? SQLiteAdminStore else { throw FixtureFailure("not an SQLite store") }
            return store
        }
    }

    init(_ kind: StoreKind = .sqlite) async throws {
        self.kind = kind
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-admin-\(UUID().uuidString)")
        switch kind {
        case .sqlite:
            database = directory.appendingPathComponent("admin.sqlite").path
        case .postgres:
            database = try await PostgresTestServer.freshDatabase()
        }
        store = try await AdminStores.open(database, logger: Logger(label: "sluice.admin.test"))
        service = AdminService(store: store, rules: .forTests)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Calls the service as `principal` (an operator, in the group "release") would; a refusal
    /// comes back as the ServiceError thrown. The host's token check is not in the way: these
    /// tests are about what the service does for a caller it knows.
    func call(_ call: AdminRequest.Call, principal: String = "tester", timeout: Duration? = nil) async throws -> AdminResponse.Reply {
        try await service.handle(
            call,
            context: RPCCallContext(
                principal: Principal(name: principal, roles: [.operator], groups: ["release"]), callerTimeout: timeout,
                logger: Logger(label: "sluice.admin.test")))
    }

    /// A second service over the same database, as after a restart (or another admin).
    func reopened() async throws -> AdminService {
        AdminService(store: try await AdminStores.open(database, logger: Logger(label: "sluice.admin.test")), rules: .forTests)
    }

    // MARK: Shortcuts for the calls most tests make

    @discardableResult
    func register(_ task: TaskSpec) async throws -> RegisterTaskResponse {
        guard case .registerTask(let reply) = try await call(.registerTask(RegisterTaskRequest(task: task))) else {
            throw FixtureFailure("register_task answered with another reply")
        }
        return reply
    }

    @discardableResult
    func register(_ workflow: WorkflowSpec) async throws -> RegisterWorkflowResponse {
        guard case .registerWorkflow(let reply) = try await call(.registerWorkflow(RegisterWorkflowRequest(workflow: workflow)))
        else { throw FixtureFailure("register_workflow answered with another reply") }
        return reply
    }

    func create(_ spec: ExecutionSpec) async throws -> Execution {
        guard case .createExecution(let reply) = try await call(.createExecution(CreateExecutionRequest(spec: spec))),
              let execution = reply.execution
        else { throw FixtureFailure("create_execution answered with another reply") }
        return execution
    }

    /// Registers the greeting task and workflow, and creates an execution of it.
    func createGreeting(name: String = "", labels: [String: String] = [:]) async throws -> Execution {
        if try await store.workflow(Samples.greetingWorkflow.id ?? Identifier()) == nil {
            try await register(Samples.greetTask)
            try await register(Samples.greetingWorkflow)
        }
        return try await create(ExecutionSpec(
            workflow: Identifier(name: "greeting"), inputs: ["who": .string("Ada")], name: name, labels: labels))
    }

    /// Registers the release workflow and the review workflow it calls, and creates an
    /// execution of it.
    func createRelease() async throws -> Execution {
        if try await store.workflow(Samples.releaseWorkflow.id ?? Identifier()) == nil {
            try await register(Samples.reviewWorkflow)
            try await register(Samples.releaseWorkflow)
        }
        return try await create(ExecutionSpec(workflow: Identifier(name: "release")))
    }

    func setSignal(
        _ signalID: String, of executionID: String, to value: Literal?, displayName: String = "", comment: String = "",
        principal: String = "tester"
    ) async throws -> SetSignalResponse {
        let request = SetSignalRequest(
            executionID: executionID, signalID: signalID, value: value, displayName: displayName, comment: comment)
        guard case .setSignal(let reply) = try await call(.setSignal(request), principal: principal) else {
            throw FixtureFailure("set_signal answered with another reply")
        }
        return reply
    }

    func signals(of executionID: String) async throws -> [Signal] {
        guard case .listSignals(let reply) = try await call(.listSignals(ListSignalsRequest(executionID: executionID))) else {
            throw FixtureFailure("list_signals answered with another reply")
        }
        return reply.signals
    }

    func pendingGates(_ request: ListPendingGatesRequest = ListPendingGatesRequest()) async throws -> ListPendingGatesResponse {
        guard case .listPendingGates(let reply) = try await call(.listPendingGates(request)) else {
            throw FixtureFailure("list_pending_gates answered with another reply")
        }
        return reply
    }

    /// Records events as the scheduler does: the call comes with the request's bytes, in which
    /// admin keeps the events. `asBytes` false leaves them out, so admin encodes the events.
    func record(_ events: [Event], asBytes: Bool = true) async throws -> RecordEventsResponse {
        let call = AdminRequest.Call.recordEvents(RecordEventsRequest(events: events))
        let bytes = asBytes ? try AdminRequest(call: call).serializedBytes() : []
        let context = RPCCallContext(principal: Principal(name: "scheduler", roles: [.service]), requestBytes: bytes, logger: Logger(label: "sluice.admin.test"))
        guard case .recordEvents(let reply) = try await service.handle(call, context: context) else {
            throw FixtureFailure("record_events answered with another reply")
        }
        return reply
    }

    /// An execution's events after `sequence`, as get_events answers.
    func events(of executionID: String, after sequence: UInt64 = 0, limit: UInt32 = 0) async throws -> [Event] {
        guard case .getEvents(let reply) = try await call(
            .getEvents(GetEventsRequest(executionID: executionID, afterSequence: sequence, limit: limit)))
        else { throw FixtureFailure("get_events answered with another reply") }
        return reply.events
    }

    func nodes(of executionID: String) async throws -> [NodeExecution] {
        guard case .listNodeExecutions(let reply) = try await call(
            .listNodeExecutions(ListNodeExecutionsRequest(executionID: executionID)))
        else { throw FixtureFailure("list_node_executions answered with another reply") }
        return reply.nodes
    }

    func poll(after cursor: UInt64, waitMs: UInt32 = 0) async throws -> PollWorkResponse {
        guard case .pollWork(let reply) = try await call(.pollWork(PollWorkRequest(afterCursor: cursor, waitMs: waitMs))) else {
            throw FixtureFailure("poll_work answered with another reply")
        }
        return reply
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` and returns the ServiceError it throws, or nil when it throws none.
func refusal(_ body: () async throws -> some Any) async -> ServiceError? {
    do {
        _ = try await body()
        return nil
    } catch let error as ServiceError {
        return error
    } catch {
        return ServiceError(.unspecified, "not a ServiceError: \(error)")
    }
}

/// Specs the tests register.
enum Samples {
    static let greetTask = TaskSpec(
        id: Identifier(name: "greet", version: "1"),
        interface: TypedInterface(
            inputs: [Variable(name: "who", type: .simple(.string))],
            outputs: [Variable(name: "greeting", type: .simple(.string))]),
        kind: .shell(ShellTask(command: ["echo", "hello {{inputs.who}}"])),
        retries: RetryPolicy(maxRetries: 2))

    static let greetingWorkflow = WorkflowSpec(
        id: Identifier(name: "greeting", version: "1"),
        interface: TypedInterface(
            inputs: [
                Variable(name: "who", type: .simple(.string)),
                Variable(name: "times", type: .simple(.int), defaultValue: .int(1)),
            ],
            outputs: [Variable(name: "greeting", type: .simple(.string))]),
        nodes: [Node(
            id: "hello",
            inputs: ["who": .future(Future(reference: OutputReference(nodeID: "", output: "who")))],
            kind: .task(TaskNode(task: Identifier(name: "greet"))))],
        outputs: ["greeting": .future(Future(reference: OutputReference(nodeID: "hello", output: "greeting")))],
        description: "Greets someone")
}

extension Samples {
    /// Called by the release workflow: one approval, by legal.
    static let reviewWorkflow = WorkflowSpec(
        id: Identifier(name: "review", version: "1"),
        nodes: [gate("sign-off", .approve(ApproveGate(signalID: "legal", description: "Legal signs off")))])

    /// A gate of each kind where a workflow can hold one: a signal gate of an int, an approve
    /// gate, a signal gate in a branch's case and an approval in the sub-workflow it calls.
    static let releaseWorkflow = WorkflowSpec(
        id: Identifier(name: "release", version: "1"),
        nodes: [
            gate("replicas", .signal(SignalGate(signalID: "count", type: .simple(.int), description: "How many replicas?"))),
            gate("ship", .approve(ApproveGate(signalID: "approval", description: "Ship the release?"))),
            Node(id: "route", kind: .branch(BranchNode(
                cases: [BranchCase(thenNode: gate(
                    "manual", .signal(SignalGate(signalID: "note", type: .simple(.string), description: "Why by hand?"))))],
                elseNode: gate("wait", .sleep(SleepGate(duration: .seconds(60))))))),
            Node(id: "legal-review", kind: .workflow(SubWorkflowNode(workflow: Identifier(name: "review")))),
        ])

    private static func gate(_ id: String, _ condition: GateNode.Condition) -> Node {
        Node(id: id, kind: .gate(GateNode(condition: condition)))
    }
}

extension AdminRules {
    /// Stand-ins for SluiceCore's validator, compiler and input binding, simple enough to
    /// reason about in a test: a task needs a kind; a workflow's task nodes must name registered
    /// tasks (pinned to the version found) and its sub-workflow nodes registered workflows; inputs must be declared, present unless defaulted,
    /// and of the declared type. The digest is the bytes in hex, which is as unique as a hash.
    static let forTests = AdminRules(
        taskProblems: { task in task.kind == nil ? ["the task says what to run in no way (shell, swift or dynamic)"] : [] },
        compileWorkflow: { spec, registry in
            var problems: [WorkflowProblem] = []
            var compiled = CompiledWorkflow(spec: spec)
            for node in spec.nodes {
                switch node.kind {
                case .task(let taskNode)?:
                    let wanted = taskNode.task ?? Identifier()
                    if let task = try registry.task(wanted) {
                        compiled.tasks.append(task)
                    } else {
                        problems.append(WorkflowProblem(nodeID: node.id, message: "task \(wanted.name) is not registered"))
                    }
                case .workflow(let call)?:
                    let wanted = call.workflow ?? Identifier()
                    if let callee = try registry.workflow(wanted) {
                        compiled.subWorkflows.append(callee)
                    } else {
                        problems.append(WorkflowProblem(nodeID: node.id, message: "workflow \(wanted.name) is not registered"))
                    }
                default:
                    continue
                }
            }
            if spec.outputs.isEmpty, !(spec.interface?.outputs.isEmpty ?? true) {
                problems.append(WorkflowProblem(nodeID: "", input: "greeting", message: "output greeting is bound to nothing"))
            }
            guard problems.isEmpty else {
                throw WorkflowCompilationError(workflow: spec.id ?? Identifier(), problems: problems)
            }
            return compiled
        },
        bindInputs: { interface, given in
            var problems: [InputProblem] = []
            var bound = given
            let declared = Set(interface.inputs.map(\.name))
            for name in given.keys.sorted() where !declared.contains(name) {
                problems.append(InputProblem(input: name, message: "is not an input of the workflow"))
            }
            for variable in interface.inputs {
                if let value = given[variable.name] {
                    if let type = variable.type, !type.accepts(value) {
                        problems.append(InputProblem(input: variable.name, message: "expected \(type.typeDescription)"))
                    }
                } else if let value = variable.defaultValue {
                    bound[variable.name] = value
                } else {
                    problems.append(InputProblem(input: variable.name, message: "is required"))
                }
            }
            guard problems.isEmpty else { throw InputBindingError(problems: problems) }
            return bound
        },
        digest: { bytes in "hex:" + bytes.map { String($0, radix: 16) }.joined(separator: ".") })
}
