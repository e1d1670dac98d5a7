import SluiceRPC
import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Signals and pending gates", .loadsTheMachine)
struct SignalTests {
    @Test("a signal set before its gate is reached is stored with its gate's facts and fed to the scheduler", arguments: StoreKind.allCases)
    func setBeforeTheGateIsReached(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()

        let reply = try await admin.setSignal("count", of: execution.id, to: .int(3))
        #expect(!reply.alreadySet)
        let signal = try #require(reply.signal)
        #expect(signal.executionID == execution.id)
        #expect(signal.signalID == "count")
        #expect(signal.type == .simple(.int))
        #expect(signal.value == .int(3))
        #expect(signal.nodeID == "replicas")
        #expect(signal.gateKind == .signal)
        #expect(signal.setBy == "tester")
        #expect(signal.setAt != nil)
        #expect(!signal.consumed)

        let feed = try await admin.poll(after: 0)
        #expect(feed.items.map(\.item?.fieldName) == ["created", "signal"])
        #expect(feed.items.last?.executionID == execution.id)
        #expect(feed.items.last?.item == .signal(signal))
    }

    @Test("a poll waiting on the feed answers with the signal set while it waits", arguments: StoreKind.allCases)
    func setSignalWakesTheFeed(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let cursor = try await admin.poll(after: 0).cursor
        // Long enough that a poll that was not woken would come back empty and fail the test.
        let waiting = Task { try await admin.poll(after: cursor, waitMs: 60_000) }
        try await Task.sleep(for: .milliseconds(100))
        let set = try await admin.setSignal("count", of: execution.id, to: .int(2))
        let reply = try await waiting.value
        #expect(reply.items.map(\.item) == [.signal(try #require(set.signal))])
    }

    @Test("gates in a branch's case and in a called sub-workflow declare signals under their run-time node ids", arguments: StoreKind.allCases)
    func gatesEverywhereDeclareSignals(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let note = try await admin.setSignal("note", of: execution.id, to: .string("the pipeline is down"))
        #expect(note.signal?.nodeID == "route/manual")
        #expect(note.signal?.type == .simple(.string))
        let legal = try await admin.setSignal("legal", of: execution.id, to: .bool(true))
        #expect(legal.signal?.nodeID == "legal-review/sign-off")
        #expect(legal.signal?.gateKind == .approve)
    }

    @Test("an approval is a bool: a rejection keeps its reason and who gave it", arguments: StoreKind.allCases)
    func approvalsAndRejections(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let reply = try await admin.setSignal(
            "approval", of: execution.id, to: .bool(false), comment: "the changelog is missing", principal: "grace")
        let signal = try #require(reply.signal)
        #expect(signal.type == .simple(.bool))
        #expect(signal.gateKind == .approve)
        #expect(signal.nodeID == "ship")
        #expect(signal.value == .bool(false))
        #expect(signal.setBy == "grace")
        #expect(signal.comment == "the changelog is missing")
    }

    @Test("gates declaring one signal with different types: the first gate's type stands", arguments: StoreKind.allCases)
    func disagreeingGatesUseTheFirst(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let signal = { (node: String, type: SimpleType) in
            Node(id: node, kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "size", type: .simple(type))))))
        }
        try await admin.register(WorkflowSpec(
            id: Identifier(name: "sizes", version: "1"), nodes: [signal("first", .int), signal("second", .string)]))
        let execution = try await admin.create(ExecutionSpec(workflow: Identifier(name: "sizes")))
        let refused = await refusal { try await admin.setSignal("size", of: execution.id, to: .string("large")) }
        #expect(refused?.code == .invalidArgument)
        #expect(try await admin.setSignal("size", of: execution.id, to: .int(4)).signal?.nodeID == "first")
    }

    @Test("who set a signal is the caller's principal; a display name is kept beside it, never instead", arguments: StoreKind.allCases)
    func setByIsThePrincipal(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let named = try #require(
            try await admin.setSignal("count", of: execution.id, to: .int(1), displayName: "Ada Lovelace", principal: "ops-bot").signal)
        #expect(named.setBy == "ops-bot")
        #expect(named.displayName == "Ada Lovelace")
        #expect(named.setter == "ops-bot (as Ada Lovelace)")
        let plain = try #require(try await admin.setSignal("approval", of: execution.id, to: .bool(true), principal: "grace").signal)
        #expect(plain.setBy == "grace" && plain.displayName.isEmpty)
        // Kept: listed after a reopen, as stored.
        let listed = try await admin.signals(of: execution.id).first { $0.signalID == "count" }
        #expect(listed?.setBy == "ops-bot" && listed?.displayName == "Ada Lovelace")
    }

    @Test("an approval is decided by the approvers of every gate waiting for it, not only the first's", arguments: StoreKind.allCases)
    func everyGateSharingTheSignalNamesItsApprovers(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let approve = { (node: String, approvers: [String]) in
            Node(id: node, inputs: ["value": .literal(.int(1))],
                 kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ship", approvers: approvers)))))
        }
        try await admin.register(WorkflowSpec(
            id: Identifier(name: "twice-guarded", version: "1"), nodes: [approve("open", []), approve("guarded", ["group:ops"])]))
        let execution = try await admin.create(ExecutionSpec(workflow: Identifier(name: "twice-guarded")))
        // The fixture's callers are operators in the group "release", not "ops".
        let refused = await refusal { try await admin.setSignal("ship", of: execution.id, to: .bool(true)) }
        #expect(refused?.code == .permissionDenied)
        #expect(refused?.message.contains("may be decided only by group:ops") == true, "\(refused?.message ?? "")")
    }

    @Test("a value of the wrong type is refused naming the type expected and what was given; so is no value", arguments: StoreKind.allCases)
    func wrongTypeIsRefused(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()

        let wrong = await refusal { try await admin.setSignal("count", of: execution.id, to: .string("three")) }
        #expect(wrong?.code == .invalidArgument)
        #expect(wrong?.message.contains("signal 'count'") == true)
        #expect(wrong?.message.contains("expected int, found a string \"three\"") == true)
        #expect(wrong?.details.map(\.field) == ["value"])

        let notBool = await refusal { try await admin.setSignal("approval", of: execution.id, to: .int(1)) }
        #expect(notBool?.code == .invalidArgument)
        #expect(notBool?.message.contains("a bool (true approves, false rejects)") == true)
        #expect(notBool?.message.contains("an int (1)") == true)

        let missing = await refusal { try await admin.setSignal("count", of: execution.id, to: nil) }
        #expect(missing?.code == .invalidArgument)
        #expect(missing?.message == "set_signal carries no value for signal 'count' (expected int)")

        // Nothing refused reached the scheduler.
        #expect(try await admin.poll(after: 0).items.map(\.item?.fieldName) == ["created"])
        #expect(try await admin.signals(of: execution.id).allSatisfy { $0.value == nil }, "none set")
    }

    @Test("an unknown execution is NOT_FOUND, an ended one FAILED_PRECONDITION naming its phase", arguments: StoreKind.allCases)
    func unknownAndEndedExecutions(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let unknown = await refusal { try await admin.setSignal("count", of: "ex-gone", to: .int(1)) }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message == "execution ex-gone does not exist")

        let execution = try await admin.createRelease()
        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2), kind: .execution(ExecutionEvent(phase: .succeeded))),
        ])
        let ended = await refusal { try await admin.setSignal("count", of: execution.id, to: .int(1)) }
        #expect(ended?.code == .failedPrecondition)
        #expect(ended?.message == "execution \(execution.id) has ended (SUCCEEDED); its signals can no longer be set")

        let noID = await refusal { try await admin.setSignal("", of: execution.id, to: .int(1)) }
        #expect(noID?.code == .invalidArgument)
        #expect(noID?.details.map(\.field) == ["signal_id"])
    }

    @Test("a signal no gate declares is NOT_FOUND, naming the signals the workflow's gates wait for", arguments: StoreKind.allCases)
    func undeclaredSignal(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let error = await refusal { try await admin.setSignal("cuont", of: execution.id, to: .int(1)) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "workflow release:1 of execution \(execution.id) declares no signal 'cuont'; "
            + "its gates wait for: approval, count, legal, note")

        let greeting = try await admin.createGreeting()
        let none = await refusal { try await admin.setSignal("count", of: greeting.id, to: .int(1)) }
        #expect(none?.code == .notFound)
        #expect(none?.message.hasSuffix("it has no gate waiting for a signal") == true)
    }

    @Test("the same value again is already set and feeds nothing; another value is a CONFLICT showing the first", arguments: StoreKind.allCases)
    func settingAgain(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let first = try await admin.setSignal("count", of: execution.id, to: .int(3), principal: "ada")

        let again = try await admin.setSignal("count", of: execution.id, to: .int(3), principal: "bo")
        #expect(again.alreadySet)
        #expect(again.signal == first.signal)
        #expect(try await admin.poll(after: 0).items.map(\.item?.fieldName) == ["created", "signal"])

        let other = await refusal { try await admin.setSignal("count", of: execution.id, to: .int(4)) }
        #expect(other?.code == .conflict)
        let message = try #require(other?.message)
        #expect(message.contains("signal 'count' of execution \(execution.id) is already set to 3 by ada at "))
        #expect(message.hasSuffix("; it cannot be changed to 4"))
        #expect(try await admin.signals(of: execution.id).compactMap(\.value) == [.int(3)])
    }

    @Test("the same value again after the execution ended is already set: a retry learns its value took effect", arguments: StoreKind.allCases)
    func settingAgainAfterTheEnd(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        _ = try await admin.setSignal("count", of: execution.id, to: .int(3), principal: "ada")
        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2), kind: .execution(ExecutionEvent(phase: .succeeded))),
        ])
        let again = try await admin.setSignal("count", of: execution.id, to: .int(3), principal: "ada")
        #expect(again.alreadySet)
        #expect(again.signal?.setBy == "ada")
        let other = await refusal { try await admin.setSignal("count", of: execution.id, to: .int(4)) }
        #expect(other?.code == .conflict)
        let unset = await refusal { try await admin.setSignal("note", of: execution.id, to: .string("late")) }
        #expect(unset?.code == .failedPrecondition)
    }

    @Test("rejecting what was approved is refused speaking of the approval, who gave it and when", arguments: StoreKind.allCases)
    func rejectingAnApproval(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        _ = try await admin.setSignal("approval", of: execution.id, to: .bool(true), principal: "ada")
        let reject = await refusal { try await admin.setSignal("approval", of: execution.id, to: .bool(false), principal: "bob") }
        #expect(reject?.code == .conflict)
        let message = try #require(reject?.message)
        #expect(message.hasPrefix("'approval' of execution \(execution.id) was already approved by ada at "), "\(message)")
        #expect(message.hasSuffix("; it cannot be rejected now"))
    }

    @Test("list_signals gives an execution's signals in the order they were set, after a restart too", arguments: StoreKind.allCases)
    func listSignals(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let other = try await admin.createRelease()
        _ = try await admin.setSignal("note", of: execution.id, to: .string("by hand"))
        _ = try await admin.setSignal("count", of: other.id, to: .int(9))
        _ = try await admin.setSignal("count", of: execution.id, to: .int(3))

        let listed = try await admin.signals(of: execution.id)
        #expect(listed.prefix(2).map(\.signalID) == ["note", "count"])
        #expect(listed.prefix(2).map(\.value) == [.string("by hand"), .int(3)])
        // Then the signals its gates still wait for: no value, their gate and type named.
        let unset = listed.dropFirst(2)
        #expect(Set(unset.map(\.signalID)) == ["approval", "legal"])
        #expect(unset.allSatisfy { $0.value == nil && !$0.nodeID.isEmpty && $0.type == .simple(.bool) && $0.gateKind == .approve })

        let reopened = try await admin.reopened()
        guard case .listSignals(let again) = try await reopened.handle(
            .listSignals(ListSignalsRequest(executionID: execution.id)), context: .init(principal: Principal(name: "tester", roles: [.admin]), logger: .init(label: "test")))
        else { Issue.record("not a list_signals reply"); return }
        #expect(again.signals == listed)

        let unknown = await refusal { try await admin.signals(of: "ex-gone") }
        #expect(unknown?.code == .notFound)
    }

    @Test("a restarted scheduler gets the execution's signals with its state", arguments: StoreKind.allCases)
    func executionStateHasSignals(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let set = try await admin.setSignal("approval", of: execution.id, to: .bool(true))
        guard case .getExecutionState(let reply) = try await admin.call(
            .getExecutionState(GetExecutionStateRequest(executionID: execution.id)))
        else { Issue.record("not a get_execution_state reply"); return }
        #expect(reply.state?.signals == [try #require(set.signal)])
    }

    @Test("the scheduler's consumed signal event marks the stored signal consumed; resent, it changes nothing", arguments: StoreKind.allCases)
    func consumedSignalEvent(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let set = try #require(try await admin.setSignal("count", of: execution.id, to: .int(3)).signal)
        var taken = set
        taken.consumed = true
        let events = [Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 5), kind: .signal(taken))]
        #expect(try await admin.record(events).applied == 1)

        var expected = set
        expected.consumed = true
        #expect(try await admin.signals(of: execution.id).filter { $0.value != nil } == [expected])
        #expect(try await admin.record(events).duplicates == 1)
        #expect(try await admin.signals(of: execution.id).filter { $0.value != nil } == [expected])
    }

    @Test("a gate recorded PAUSED is pending, with its gate's description, until it moves on", arguments: StoreKind.allCases)
    func pendingGateUntilItMovesOn(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createRelease()
        let status = GateStatus(
            kind: .signal, signalID: "count", type: .simple(.int),
            timeoutAt: Timestamp(seconds: 600), waitingSince: Timestamp(seconds: 2))
        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2),
                  kind: .node(NodeEvent(nodeID: "replicas", kind: .gate, phase: .paused, gate: status))),
        ])
        let expected = PendingGate(
            executionID: execution.id, workflow: Identifier(name: "release", version: "1"), nodeID: "replicas",
            signalID: "count", kind: .signal, type: .simple(.int), description: "How many replicas?",
            waitingSince: Timestamp(seconds: 2), timeoutAt: Timestamp(seconds: 600))
        #expect(try await admin.pendingGates().gates == [expected])
        #expect(try await admin.pendingGates(ListPendingGatesRequest(workflow: "release")).gates == [expected])
        #expect(try await admin.pendingGates(ListPendingGatesRequest(signalID: "count")).gates == [expected])
        #expect(try await admin.pendingGates(ListPendingGatesRequest(workflow: "release", signalID: "count")).gates == [expected])
        #expect(try await admin.pendingGates(ListPendingGatesRequest(workflow: "greeting")).gates.isEmpty)
        #expect(try await admin.pendingGates(ListPendingGatesRequest(signalID: "approval")).gates.isEmpty)

        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 3, at: Timestamp(seconds: 3),
                  kind: .node(NodeEvent(nodeID: "replicas", phase: .succeeded, outputs: ["value": .int(3)]))),
        ])
        #expect(try await admin.pendingGates().gates.isEmpty)
        #expect(try await admin.nodes(of: execution.id).first { $0.nodeID == "replicas" }?.gate == nil)
    }

    @Test("an execution that ends takes its waiting gates off the pending list; other executions' stay", arguments: StoreKind.allCases)
    func pendingGatesOfEndedExecutions(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let ending = try await admin.createRelease()
        let staying = try await admin.createRelease()
        for execution in [ending, staying] {
            _ = try await admin.record([pausedEvent(execution.id, sequence: 1, node: "legal-review/sign-off", signal: "legal")])
        }
        #expect(try await admin.pendingGates().gates.map(\.executionID) == [ending.id, staying.id])
        #expect(try await admin.pendingGates().gates.first?.description == "Legal signs off")

        _ = try await admin.record([
            Event(executionID: ending.id, sequence: 2, at: Timestamp(seconds: 9), kind: .execution(ExecutionEvent(phase: .aborted))),
        ])
        #expect(try await admin.pendingGates().gates.map(\.executionID) == [staying.id])
    }

    @Test("pending gates come page by page, filtered by workflow and signal, in the order they paused", arguments: StoreKind.allCases)
    func pendingGatesPageByPage(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        var executions: [Execution] = []
        for _ in 0..<3 {
            let execution = try await admin.createRelease()
            executions.append(execution)
            _ = try await admin.record([
                pausedEvent(execution.id, sequence: 1, node: "ship", signal: "approval", kind: .approve),
                pausedEvent(execution.id, sequence: 2, node: "replicas", signal: "count"),
            ])
        }
        let greeting = try await admin.createGreeting()
        _ = try await admin.record([pausedEvent(greeting.id, sequence: 1, node: "hello", signal: "approval", kind: .approve)])

        let first = try await admin.pendingGates(ListPendingGatesRequest(workflow: "release", signalID: "approval", limit: 2))
        #expect(first.gates.map(\.executionID) == [executions[0].id, executions[1].id])
        #expect(first.gates.allSatisfy { $0.nodeID == "ship" && $0.kind == .approve && $0.description == "Ship the release?" })
        #expect(!first.nextPageToken.isEmpty)
        let second = try await admin.pendingGates(ListPendingGatesRequest(
            workflow: "release", signalID: "approval", limit: 2, pageToken: first.nextPageToken))
        #expect(second.gates.map(\.executionID) == [executions[2].id])
        #expect(second.nextPageToken.isEmpty)

        let approvals = try await admin.pendingGates(ListPendingGatesRequest(signalID: "approval"))
        #expect(approvals.gates.map(\.executionID) == executions.map(\.id) + [greeting.id])
        #expect(try await admin.pendingGates().gates.count == 7)

        let badToken = await refusal { try await admin.pendingGates(ListPendingGatesRequest(pageToken: "soon")) }
        #expect(badToken?.code == .invalidArgument)
    }

    private func pausedEvent(
        _ executionID: String, sequence: UInt64, node: String, signal: String, kind: GateKind = .signal
    ) -> Event {
        Event(
            executionID: executionID, sequence: sequence, at: Timestamp(seconds: Int64(sequence)),
            kind: .node(NodeEvent(
                nodeID: node, kind: .gate, phase: .paused,
                gate: GateStatus(kind: kind, signalID: signal, type: .simple(kind == .approve ? .bool : .int)))))
    }
}
