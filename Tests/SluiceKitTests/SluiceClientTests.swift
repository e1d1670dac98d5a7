import Foundation
import Logging
import SluiceKit
import SluiceRPC
import Synchronization
import Testing

/// SluiceClient against an admin service scripted in the test, over a real (in-process) socket.
@Suite struct SluiceClientTests {
    /// Admin's answers to get_events, one per call in order (the last repeats), and every
    /// request it saw.
    final class ScriptedEvents: Sendable {
        let batches: [GetEventsResponse]
        private let seen = Mutex<[GetEventsRequest]>([])
        init(_ batches: [GetEventsResponse]) { self.batches = batches }

        func answer(_ request: GetEventsRequest) -> GetEventsResponse {
            let index = seen.withLock { seen in
                seen.append(request)
                return seen.count - 1
            }
            return batches[min(index, batches.count - 1)]
        }

        var requests: [GetEventsRequest] { seen.withLock { $0 } }
    }

    struct FakeAdmin: RPCService {
        typealias Request = AdminRequest
        typealias Response = AdminResponse
        // A stand-in served with authentication off: every call is open.
        func access(for call: Request.Call) -> CallAccess { .anyone }
        let name = "admin"
        let answer: @Sendable (AdminRequest.Call) throws -> AdminResponse.Reply

        func handle(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
            try answer(call)
        }
    }

    func withClient<T>(_ answer: @escaping @Sendable (AdminRequest.Call) throws -> AdminResponse.Reply,
                       _ body: (SluiceClient) async throws -> T) async throws -> T {
        let address = "inproc://sluice-client-test-\(UUID().uuidString)"
        let server = try RPCServer(service: FakeAdmin(answer: answer), listeningOn: [address], authenticator: .off, logger: Logger(label: "test"))
        server.start()
        let serving = Task { try await server.run() }
        let client = try SluiceClient(endpoints: SluiceEndpoints(admin: address, environment: [:]), timeout: .seconds(5))
        do {
            let result = try await body(client)
            await client.close()
            serving.cancel()
            _ = await serving.result
            return result
        } catch {
            await client.close()
            serving.cancel()
            _ = await serving.result
            throw error
        }
    }

    static func event(_ sequence: UInt64, node: String, _ phase: NodePhase) -> Event {
        Event(executionID: "e1", sequence: sequence, kind: .node(NodeEvent(nodeID: node, phase: phase)))
    }

    @Test func watchDeliversEveryEventOnceAndEndsWhenTheExecutionHasEndedAndIsDrained() async throws {
        let script = ScriptedEvents([
            GetEventsResponse(events: [Self.event(1, node: "a", .running), Self.event(2, node: "a", .succeeded)], phase: .running, lastSequence: 2),
            GetEventsResponse(events: [Self.event(3, node: "b", .succeeded)], phase: .succeeded, lastSequence: 3),
            GetEventsResponse(events: [], phase: .succeeded, lastSequence: 3),
        ])
        let received = try await withClient({ call in
            guard case .getEvents(let request) = call else { throw ServiceError.unimplemented(call.fieldName) }
            return .getEvents(script.answer(request))
        }) { client in
            var sequences: [UInt64] = []
            for try await event in client.watch("e1") { sequences.append(event.sequence) }
            return sequences
        }
        #expect(received == [1, 2, 3])
        #expect(script.requests.map(\.afterSequence) == [0, 2, 3], "each poll asks for what comes after the last event seen")
        #expect(script.requests.last?.waitMs == 0, "once the execution has ended, the draining poll does not wait")
        #expect(script.requests.first?.waitMs ?? 0 > 0, "while it runs, polls wait for events")
    }

    @Test func waitReturnsTheEndedExecution() async throws {
        let script = ScriptedEvents([
            GetEventsResponse(events: [Self.event(1, node: "a", .running)], phase: .running, lastSequence: 1),
            GetEventsResponse(events: [], phase: .failed, lastSequence: 2),
        ])
        let execution = try await withClient({ call in
            switch call {
            case .getEvents(let request): return .getEvents(script.answer(request))
            case .getExecution(let request):
                return .getExecution(GetExecutionResponse(execution: Execution(id: request.executionID, phase: .failed)))
            default: throw ServiceError.unimplemented(call.fieldName)
            }
        }) { client in
            try await client.wait(for: "e1")
        }
        #expect(execution.id == "e1")
        #expect(execution.phase == .failed)
    }

    @Test func waitWithATimeoutGivesUpNamingThePhase() async throws {
        let error = await #expect(throws: ServiceError.self) {
            try await withClient({ call in
                switch call {
                case .getEvents: return .getEvents(GetEventsResponse(phase: .running))
                case .getExecution: return .getExecution(GetExecutionResponse(execution: Execution(id: "e1", phase: .running)))
                default: throw ServiceError.unimplemented(call.fieldName)
                }
            }) { client in
                try await client.wait(for: "e1", timeout: .milliseconds(200))
            }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.message.contains("still RUNNING") == true)
    }

    @Test func serviceErrorsReachTheCallerAsTheyWere() async throws {
        let error = await #expect(throws: ServiceError.self) {
            try await withClient({ _ in throw ServiceError.notFound("no execution e9") }) { client in
                try await client.execution("e9")
            }
        }
        #expect(error == ServiceError.notFound("no execution e9"))
    }

    @Test func registrationSaysWhetherItCreatedSomething() async throws {
        let results = try await withClient({ call in
            switch call {
            case .registerTask(let request):
                return .registerTask(RegisterTaskResponse(id: request.task?.id, created: true, digest: "sha256:aa"))
            case .registerWorkflow(let request):
                return .registerWorkflow(RegisterWorkflowResponse(id: request.workflow?.id, created: false, digest: "sha256:bb"))
            default: throw ServiceError.unimplemented(call.fieldName)
            }
        }) { client in
            (try await client.register(task: TaskSpec(id: Identifier(name: "t", version: "1"))),
             try await client.register(workflow: WorkflowSpec(id: Identifier(name: "w", version: "2"))))
        }
        #expect(results.0 == Registration(id: Identifier(name: "t", version: "1"), created: true, digest: "sha256:aa"))
        #expect(results.1 == Registration(id: Identifier(name: "w", version: "2"), created: false, digest: "sha256:bb"))
    }

    @Test func listsFollowPagesUpToTheLimit() async throws {
        let requests = Mutex<[ListExecutionsRequest]>([])
        let executions = try await withClient({ call in
            guard case .listExecutions(let request) = call else { throw ServiceError.unimplemented(call.fieldName) }
            requests.withLock { $0.append(request) }
            let page = Int(request.pageToken) ?? 0
            return .listExecutions(ListExecutionsResponse(
                executions: (0..<2).map { Execution(id: "e\(page * 2 + $0)") }, nextPageToken: "\(page + 1)"))
        }) { client in
            try await client.executions(workflow: "demo", phases: [.failed], limit: 5)
        }
        #expect(executions.map(\.id) == ["e0", "e1", "e2", "e3", "e4"])
        let sent = requests.withLock { $0 }
        #expect(sent.map(\.pageToken) == ["", "1", "2"])
        #expect(sent.allSatisfy { $0.workflow == "demo" && $0.phases == [.failed] })
    }

    @Test func startingSendsTheSpec() async throws {
        let execution = try await withClient({ call in
            guard case .createExecution(let request) = call, let spec = request.spec else { throw ServiceError.unimplemented(call.fieldName) }
            return .createExecution(CreateExecutionResponse(execution: Execution(id: "e1", spec: spec, phase: .queued)))
        }) { client in
            try await client.startExecution(
                workflow: Identifier(name: "demo", version: "3"), inputs: ["n": .int(3)], name: "first", labels: ["team": "a"])
        }
        #expect(execution.spec == ExecutionSpec(
            workflow: Identifier(name: "demo", version: "3"), inputs: ["n": .int(3)], name: "first", labels: ["team": "a"]))
    }
}
