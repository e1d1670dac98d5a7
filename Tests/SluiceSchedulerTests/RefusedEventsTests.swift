import Logging
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire
import Synchronization
import Testing

/// An admin that records events as the real one does, except that it refuses any batch holding
/// a gate's status for execution "ex-refused" (as admin refused deadlines it could not hold).
struct RefusingAdmin: RPCService {
    typealias Request = AdminRequest
    typealias Response = AdminResponse
    // A stand-in served with authentication off: every call is open.
    func access(for call: Request.Call) -> CallAccess { .anyone }

    final class Record: Sendable {
        let events = Mutex<[Event]>([])
    }

    let name = "admin"
    let recorded = Record()
    /// Batches of more events than this are refused as too large (as a message over the limit is).
    var largestBatch = Int.max

    func handle(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
        guard case .recordEvents(let request) = call else { throw ServiceError.unimplemented("not in this fake") }
        if request.events.count > largestBatch { throw ServiceError.invalidArgument("the batch is over the limit") }
        let refused = request.events.contains { event in
            guard event.executionID == "ex-refused", case .node(let node)? = event.kind else { return false }
            return node.gate != nil
        }
        if refused { throw ServiceError.invalidArgument("events[0]: a deadline out of range") }
        recorded.events.withLock { $0 += request.events }
        return .recordEvents(RecordEventsResponse(applied: UInt32(request.events.count)))
    }
}

@Suite("Events admin refuses")
struct RefusedEventsTests {
    static let int = LiteralType.simple(.int)

    /// A task node and a signal gate side by side: the first turn records both and dispatches the task.
    static func state(of executionID: String) -> ExecutionState {
        var task = TaskSpec()
        task.id = Identifier(name: "add-one", version: "1")
        task.interface = TypedInterface(inputs: [Variable(name: "x", type: int)], outputs: [Variable(name: "y", type: int)])
        task.kind = .shell(ShellTask(script: "echo {{inputs.x}}"))
        var spec = WorkflowSpec()
        spec.id = Identifier(name: "gated", version: "1")
        spec.interface = TypedInterface(inputs: [Variable(name: "n", type: int)])
        spec.nodes = [
            Node(id: "work", inputs: ["x": .future(Future(reference: OutputReference(nodeID: "", output: "n")))],
                 kind: .task(TaskNode(task: task.id))),
            Node(id: "wait", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "go", type: int)), timeout: .seconds(60)))),
        ]
        let workflow = CompiledWorkflow(spec: spec, tasks: [task], subWorkflows: [], digest: "sha256:gated")
        let execution = Execution(
            id: executionID, spec: ExecutionSpec(workflow: spec.id, inputs: ["n": .int(1)]), phase: .queued)
        return ExecutionState(execution: execution, workflow: workflow, nodes: [], signals: [])
    }

    @Test("an execution whose events admin refuses is never acted on and ends FAILED saying why; others run on")
    func refusedEventsAreNotActedOn() async throws {
        let admin = RefusingAdmin()
        try await withCore(admin: admin) { core in
            await core.adopt(Self.state(of: "ex-refused"))
            await core.adopt(Self.state(of: "ex-fine"))

            // Only the execution whose events were recorded has its attempt handed out.
            let handedOut = try await pollUntilHandedOut(core)
            #expect(handedOut.map(\.executionID) == ["ex-fine"])

            let recorded = admin.recorded.events.withLock { $0 }
            let failure = recorded.compactMap { event -> ExecutionEvent? in
                guard event.executionID == "ex-refused", case .execution(let change)? = event.kind else { return nil }
                return change
            }.last
            #expect(failure?.phase == .failed)
            #expect(failure?.error?.code == "Unrecorded")
            #expect(failure?.error?.message.contains("a deadline out of range") == true, "\(failure?.error?.message ?? "none")")
            #expect(await core.activeExecutionCount == 1, "the refused execution is let go; the other waits at its gate")
        }
    }

    @Test("a batch refused as too large is sent again in parts: every event is recorded and nothing fails")
    func tooLargeBatchesAreSplit() async throws {
        var admin = RefusingAdmin()
        admin.largestBatch = 2
        try await withCore(admin: admin) { core in
            await core.adopt(Self.state(of: "ex-wide"))
            let handedOut = try await pollUntilHandedOut(core)
            #expect(handedOut.map(\.executionID) == ["ex-wide"], "the execution went on")
            let recorded = admin.recorded.events.withLock { $0 }
            #expect(recorded.count >= 4, "its first turn's events were all recorded, in parts of at most 2")
            #expect(!recorded.contains { if case .execution(let change) = $0.kind { change.phase == .failed } else { false } })
        }
    }

    @Test("a heartbeat for an attempt another executor runs now is told to stop; its own executor's is not")
    func heartbeatsFromAnotherExecutorAreCancelled() async throws {
        try await withCore(admin: RefusingAdmin()) { core in
            await core.adopt(Self.state(of: "ex-one"))
            await core.tookOverActiveExecutions()
            let attemptID = try #require(try await pollUntilHandedOut(core, as: "e2").first?.attemptID)
            #expect(await core.heartbeat(HeartbeatRequest(executorID: "e1", attemptIDs: [attemptID])) == [attemptID])
            #expect(await core.heartbeat(HeartbeatRequest(executorID: "e2", attemptIDs: [attemptID])).isEmpty)
        }
    }
}
