import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("The work feed and event long polls", .loadsTheMachine)
struct LongPollTests {
    @Test("the feed gives items after a cursor in order, and the cursor to pass next time", arguments: StoreKind.allCases)
    func feedOrdering(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let executions = [try await admin.createGreeting(), try await admin.createGreeting(), try await admin.createGreeting()]

        let all = try await admin.poll(after: 0)
        #expect(all.items.map(\.executionID) == executions.map(\.id))
        #expect(all.items.map(\.cursor) == [1, 2, 3])
        #expect(all.cursor == 3)
        guard case .created(let created)? = all.items.first?.item else { Issue.record("not a created item"); return }
        #expect(created == executions[0])

        let rest = try await admin.poll(after: 2)
        #expect(rest.items.map(\.executionID) == [executions[2].id])
        let none = try await admin.poll(after: 3)
        #expect(none.items.isEmpty)
        #expect(none.cursor == 3)
    }

    @Test("a poll waiting on an empty feed answers with the execution created while it waits", arguments: StoreKind.allCases)
    func feedLongPollWakesOnCreate(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        // Long enough that a poll that was not woken would come back empty and fail the test.
        let waiting = Task { try await admin.poll(after: 0, waitMs: 60_000) }
        try await Task.sleep(for: .milliseconds(100))
        let execution = try await admin.createGreeting()
        let reply = try await waiting.value
        #expect(reply.items.map(\.executionID) == [execution.id])
        #expect(reply.cursor == 1)
    }

    @Test("a watcher waiting for events answers with the batch recorded while it waits, and the phase", arguments: StoreKind.allCases)
    func eventsLongPollWakesOnRecord(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let waiting = Task {
            try await admin.call(.getEvents(GetEventsRequest(executionID: execution.id, afterSequence: 0, waitMs: 60_000)))
        }
        try await Task.sleep(for: .milliseconds(100))
        let events = [
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2),
                  kind: .node(NodeEvent(nodeID: "hello", kind: .task, phase: .queued))),
        ]
        _ = try await admin.record(events)
        guard case .getEvents(let reply) = try await waiting.value else { Issue.record("not a get_events reply"); return }
        #expect(reply.events == events)
        #expect(reply.phase == .running)
        #expect(reply.lastSequence == 2)
    }

    @Test("get_execution with wait_ms answers once the execution has ended, not at the events before", arguments: StoreKind.allCases)
    func executionLongPollWaitsForTheEnd(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let answered = AnsweredPhase()
        let waiting = Task {
            let reply = try await admin.call(.getExecution(GetExecutionRequest(executionID: execution.id, waitMs: 60_000)))
            if case .getExecution(let got) = reply { await answered.set(got.execution?.phase) }
        }
        try await Task.sleep(for: .milliseconds(100))
        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
        ])
        try await Task.sleep(for: .milliseconds(200))
        #expect(await answered.phase == nil, "answered while the execution was still running")
        _ = try await admin.record([
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2), kind: .execution(ExecutionEvent(phase: .succeeded))),
        ])
        try await waiting.value
        #expect(await answered.phase == .succeeded)
    }

    @Test("get_events answers events after the sequence given, within the limit", arguments: StoreKind.allCases)
    func eventsAfterSequence(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let events = (1...5).map {
            Event(executionID: execution.id, sequence: UInt64($0), at: Timestamp(seconds: Int64($0)),
                  kind: .node(NodeEvent(nodeID: "n\($0)", phase: .queued)))
        }
        _ = try await admin.record(events)
        guard case .getEvents(let reply) = try await admin.call(
            .getEvents(GetEventsRequest(executionID: execution.id, afterSequence: 2, limit: 2)))
        else { Issue.record("not a get_events reply"); return }
        #expect(reply.events.map(\.sequence) == [3, 4])
        #expect(reply.lastSequence == 5)
        #expect(reply.phase == .queued)
    }

    @Test("a cancelled poll ends, and the feed still wakes the pollers that remain", arguments: StoreKind.allCases)
    func cancelledPollDoesNotDisturbOthers(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let cancelled = Task { try await admin.poll(after: 0, waitMs: 60_000) }
        let staying = Task { try await admin.poll(after: 0, waitMs: 60_000) }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        _ = try? await cancelled.value
        let execution = try await admin.createGreeting()
        #expect(try await staying.value.items.map(\.executionID) == [execution.id])
    }
}

private actor AnsweredPhase {
    var phase: ExecutionPhase?
    func set(_ phase: ExecutionPhase?) { self.phase = phase }
}
