import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Creating, listing and aborting executions", .loadsTheMachine)
struct ExecutionTests {
    @Test("a new execution is QUEUED, pinned to the latest workflow version, with defaults filled in and its creator", arguments: StoreKind.allCases)
    func createPinsVersionAndBindsInputs(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        #expect(execution.id.hasPrefix("ex-") && execution.id.count == 15)
        #expect(execution.id.dropFirst(3).allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(execution.phase == .queued)
        #expect(execution.spec?.workflow == Identifier(name: "greeting", version: "1"))
        #expect(execution.spec?.inputs == ["who": .string("Ada"), "times": .int(1)])
        #expect(execution.createdBy == "tester")
        #expect(execution.createdAt != nil)

        guard case .getExecution(let reply) = try await admin.call(.getExecution(GetExecutionRequest(executionID: execution.id)))
        else { Issue.record("not a get_execution reply"); return }
        #expect(reply.execution == execution)
    }

    @Test("inputs that do not fit are refused with every problem, each naming its input", arguments: StoreKind.allCases)
    func badInputsListEveryProblem(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        _ = try await admin.createGreeting()
        let error = await refusal {
            try await admin.create(ExecutionSpec(
                workflow: Identifier(name: "greeting"), inputs: ["times": .string("twice"), "whom": .string("Ada")]))
        }
        #expect(error?.code == .invalidArgument)
        #expect(Set(error?.details.map(\.input) ?? []) == ["times", "whom", "who"])
        #expect(error?.details.contains { $0.field == "spec.inputs.times" } == true)
        #expect(error?.message.contains("greeting:1") == true)
    }

    @Test("an execution timeout that is negative or longer than a deadline can hold is refused, naming the field", arguments: StoreKind.allCases)
    func badExecutionTimeouts(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        _ = try await admin.createGreeting()
        for (timeout, expected) in [(Duration.zero - .seconds(5), "must be positive, is -5s"),
                                    (.seconds(315_576_000_000), "must be at most 100 years")] {
            let error = await refusal {
                try await admin.create(ExecutionSpec(workflow: Identifier(name: "greeting"), inputs: ["who": .string("Ada")], timeout: timeout))
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.details.first?.field == "spec.timeout")
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "accepted")")
        }
        let untimed = try await admin.create(ExecutionSpec(workflow: Identifier(name: "greeting"), inputs: ["who": .string("Ada")], timeout: .zero))
        #expect(untimed.phase == .queued, "zero is no timeout, as when absent")
    }

    @Test("an unknown workflow is NOT_FOUND; a taken execution name is a CONFLICT naming the holder", arguments: StoreKind.allCases)
    func unknownWorkflowAndTakenName(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let missing = await refusal { try await admin.create(ExecutionSpec(workflow: Identifier(name: "nothing", version: "9"))) }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("nothing:9") == true)

        let first = try await admin.createGreeting(name: "nightly")
        let taken = await refusal { try await admin.createGreeting(name: "nightly") }
        #expect(taken?.code == .conflict)
        #expect(taken?.message.contains(first.id) == true)
        // Unnamed executions never collide.
        _ = try await admin.createGreeting()
        _ = try await admin.createGreeting()
    }

    @Test("get_execution of an unknown id is NOT_FOUND, of no id INVALID_ARGUMENT", arguments: StoreKind.allCases)
    func unknownExecution(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        #expect(await refusal { try await admin.call(.getExecution(GetExecutionRequest(executionID: "ex-nope"))) }?.code == .notFound)
        #expect(await refusal { try await admin.call(.getExecution(GetExecutionRequest())) }?.code == .invalidArgument)
        #expect(await refusal { try await admin.nodes(of: "ex-nope") }?.code == .notFound)
    }

    @Test("list_executions filters by workflow, phase and labels, newest first, page by page", arguments: StoreKind.allCases)
    func listFilters(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let a = try await admin.createGreeting(labels: ["team": "data", "env": "prod"])
        let b = try await admin.createGreeting(labels: ["team": "data", "env": "dev"])
        let c = try await admin.createGreeting(labels: ["team": "web"])
        _ = try await admin.record([Event(
            executionID: b.id, sequence: 1, at: Timestamp(seconds: 10), kind: .execution(ExecutionEvent(phase: .running)))])

        func list(_ request: ListExecutionsRequest) async throws -> ListExecutionsResponse {
            guard case .listExecutions(let reply) = try await admin.call(.listExecutions(request)) else {
                throw FixtureFailure("not a list_executions reply")
            }
            return reply
        }
        #expect(try await list(ListExecutionsRequest()).executions.map(\.id) == [c.id, b.id, a.id])
        #expect(try await list(ListExecutionsRequest(workflow: "other")).executions.isEmpty)
        #expect(try await list(ListExecutionsRequest(workflow: "greeting", phases: [.running])).executions.map(\.id) == [b.id])
        #expect(try await list(ListExecutionsRequest(phases: [.queued, .running])).executions.count == 3)
        #expect(try await list(ListExecutionsRequest(labels: ["team": "data"])).executions.map(\.id) == [b.id, a.id])
        #expect(try await list(ListExecutionsRequest(labels: ["team": "data", "env": "prod"])).executions.map(\.id) == [a.id])

        let first = try await list(ListExecutionsRequest(limit: 2))
        #expect(first.executions.map(\.id) == [c.id, b.id])
        let second = try await list(ListExecutionsRequest(limit: 2, pageToken: first.nextPageToken))
        #expect(second.executions.map(\.id) == [a.id])
        #expect(second.nextPageToken.isEmpty)
    }

    @Test("abort records who asked and why, feeds the request to the scheduler, and a second abort changes nothing", arguments: StoreKind.allCases)
    func abortRecordsAndFeeds(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let request = AbortExecutionRequest(executionID: execution.id, reason: "wrong inputs")
        guard case .abortExecution(let reply) = try await admin.call(.abortExecution(request), principal: "grace") else {
            Issue.record("not an abort_execution reply"); return
        }
        #expect(reply.execution?.phase == .queued)
        #expect(reply.execution?.abort?.reason == "wrong inputs")
        #expect(reply.execution?.abort?.actor == "grace")
        #expect(reply.execution?.abort?.at != nil)

        guard case .abortExecution(let again) = try await admin.call(.abortExecution(request), principal: "someone-else") else { return }
        #expect(again.execution?.abort?.actor == "grace")

        let feed = try await admin.poll(after: 0)
        #expect(feed.items.map(\.item?.fieldName) == ["created", "abort"])
        #expect(feed.items.last?.item == .abort(AbortRequest(reason: "wrong inputs", actor: "grace")))
    }

    @Test("an execution that has ended cannot be aborted; an unknown one is NOT_FOUND", arguments: StoreKind.allCases)
    func abortOfEndedExecutionIsRefused(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        _ = try await admin.record([Event(
            executionID: execution.id, sequence: 1, at: Timestamp(seconds: 5), kind: .execution(ExecutionEvent(phase: .succeeded)))])
        let error = await refusal { try await admin.call(.abortExecution(AbortExecutionRequest(executionID: execution.id))) }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == "execution \(execution.id) already SUCCEEDED")
        let unknown = await refusal { try await admin.call(.abortExecution(AbortExecutionRequest(executionID: "ex-gone"))) }
        #expect(unknown?.code == .notFound)
    }

    @Test("a restarted scheduler gets the executions still active, the feed cursor, and each one's whole state", arguments: StoreKind.allCases)
    func activeExecutionsAndState(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let running = try await admin.createGreeting()
        let done = try await admin.createGreeting()
        let queued = try await admin.createGreeting()
        _ = try await admin.record([
            Event(executionID: running.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: running.id, sequence: 2, at: Timestamp(seconds: 2),
                  kind: .node(NodeEvent(nodeID: "hello", kind: .task, phase: .running))),
            Event(executionID: done.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .failed))),
        ])
        guard case .listActiveExecutions(let active) = try await admin.call(.listActiveExecutions(ListActiveExecutionsRequest()))
        else { Issue.record("not a list_active_executions reply"); return }
        #expect(active.executionIDs == [running.id, queued.id])
        #expect(active.feedCursor == 3)

        guard case .getExecutionState(let reply) = try await admin.call(
            .getExecutionState(GetExecutionStateRequest(executionID: running.id)))
        else { Issue.record("not a get_execution_state reply"); return }
        #expect(reply.state?.execution?.phase == .running)
        #expect(reply.state?.workflow?.spec?.id == Identifier(name: "greeting", version: "1"))
        #expect(reply.state?.nodes.map(\.nodeID) == ["hello"])
        #expect(reply.state?.signals.isEmpty == true)
    }

    @Test("the state leaves out the compiled workflow the caller holds, and always names its digest", arguments: StoreKind.allCases)
    func stateLeavesOutAHeldWorkflow(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        func state(holding digest: String) async throws -> ExecutionState? {
            guard case .getExecutionState(let reply) = try await admin.call(
                .getExecutionState(GetExecutionStateRequest(executionID: execution.id, heldWorkflowDigest: digest)))
            else { Issue.record("not a get_execution_state reply"); return nil }
            return reply.state
        }
        let whole = try await state(holding: "")
        let digest = try #require(whole?.workflow?.digest)
        #expect(!digest.isEmpty)
        #expect(whole?.workflowDigest == digest)

        let held = try await state(holding: digest)
        #expect(held?.workflow == nil)
        #expect(held?.workflowDigest == digest)
        #expect(held?.execution?.id == execution.id)

        // A digest of another workflow (or another version of this one) changes nothing.
        let other = try await state(holding: "another digest")
        #expect(other?.workflow?.digest == digest)
    }

    @Test("a created item names the digest of the execution's compiled workflow, as its state does", arguments: StoreKind.allCases)
    func createdItemNamesTheWorkflowDigest(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let items = try await admin.poll(after: 0).items
        let created = try #require(items.first { if case .created = $0.item { true } else { false } })
        guard case .getExecutionState(let reply) = try await admin.call(
            .getExecutionState(GetExecutionStateRequest(executionID: execution.id)))
        else { Issue.record("not a get_execution_state reply"); return }
        let digest = try #require(reply.state?.workflow?.digest)
        #expect(!digest.isEmpty)
        #expect(created.executionID == execution.id)
        #expect(created.workflowDigest == digest)
    }
}
