import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

@Suite("Recording the scheduler's events", .loadsTheMachine)
struct RecordEventsTests {
    private func taskRun(_ executionID: String, node: String, from sequence: UInt64) -> [Event] {
        let at = { (offset: UInt64) in Timestamp(seconds: Int64(100 + sequence + offset)) }
        return [
            Event(executionID: executionID, sequence: sequence, at: at(0),
                  kind: .node(NodeEvent(nodeID: node, kind: .task, phase: .running, inputs: ["who": .string("Ada")]))),
            Event(executionID: executionID, sequence: sequence + 1, at: at(1),
                  kind: .attempt(AttemptEvent(nodeID: node, attempt: 1, attemptID: "\(node)-a1", phase: .running, executorID: "exec-1"))),
            Event(executionID: executionID, sequence: sequence + 2, at: at(2),
                  kind: .attempt(AttemptEvent(nodeID: node, attempt: 1, phase: .succeeded))),
            Event(executionID: executionID, sequence: sequence + 3, at: at(3),
                  kind: .node(NodeEvent(nodeID: node, phase: .succeeded, outputs: ["greeting": .string("hello Ada")]))),
        ]
    }

    @Test("a resent batch is counted as duplicates and changes no node", arguments: StoreKind.allCases)
    func resendIsIdempotent(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let batch = taskRun(execution.id, node: "hello", from: 1)
        let first = try await admin.record(batch)
        #expect(first.applied == 4 && first.duplicates == 0)
        let nodesBefore = try await admin.nodes(of: execution.id)

        let resent = try await admin.record(batch)
        #expect(resent.applied == 0 && resent.duplicates == 4)
        // Same sequence numbers with other content: still already applied, so ignored.
        var altered = batch
        altered[3].kind = .node(NodeEvent(nodeID: "hello", phase: .failed))
        let alteredReply = try await admin.record(altered)
        #expect(alteredReply.duplicates == 4)
        #expect(try await admin.nodes(of: execution.id) == nodesBefore)

        guard case .getEvents(let events) = try await admin.call(.getEvents(GetEventsRequest(executionID: execution.id)))
        else { Issue.record("not a get_events reply"); return }
        #expect(events.events == batch)
    }

    @Test("a batch overlapping what is recorded applies only its new events", arguments: StoreKind.allCases)
    func overlappingBatch(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let run = taskRun(execution.id, node: "hello", from: 1)
        _ = try await admin.record(Array(run[0...1]))
        let reply = try await admin.record(Array(run[1...3]) + [run[3]])
        #expect(reply.applied == 2 && reply.duplicates == 2)
        let node = try #require(try await admin.nodes(of: execution.id).first)
        #expect(node.phase == .succeeded)
        #expect(node.attempts.map(\.phase) == [.succeeded])
        #expect(node.attempts.first?.executorID == "exec-1")
        #expect(node.outputs == ["greeting": .string("hello Ada")])
        #expect(node.startedAt == Timestamp(seconds: 101) && node.endedAt == Timestamp(seconds: 104))
    }

    @Test("a batch naming an unknown execution is NOT_FOUND and records nothing, not even its other events", arguments: StoreKind.allCases)
    func unknownExecutionRecordsNothing(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let batch = taskRun(execution.id, node: "hello", from: 1)
            + [Event(executionID: "ex-unknown", sequence: 1, kind: .execution(ExecutionEvent(phase: .running)))]
        let error = await refusal { try await admin.record(batch) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ex-unknown") == true)
        #expect(try await admin.nodes(of: execution.id).isEmpty)
    }

    @Test("events that cannot be applied are refused together, each named by its place in the batch", arguments: StoreKind.allCases)
    func malformedEvents(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let error = await refusal {
            try await admin.record([
                Event(executionID: execution.id, sequence: 0, kind: .execution(ExecutionEvent(phase: .running))),
                Event(executionID: execution.id, sequence: 2),
                Event(executionID: execution.id, sequence: 3, kind: .attempt(AttemptEvent(nodeID: "hello", attempt: 0))),
            ])
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details.map(\.field) == ["events[0].sequence", "events[1].kind", "events[2].attempt.attempt"])
    }

    @Test("nodes are listed by start time, then id, with nodes not started last", arguments: StoreKind.allCases)
    func nodeOrder(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        func node(_ id: String, _ sequence: UInt64, _ phase: NodePhase, at seconds: Int64) -> Event {
            Event(executionID: execution.id, sequence: sequence, at: Timestamp(seconds: seconds),
                  kind: .node(NodeEvent(nodeID: id, kind: .task, phase: phase)))
        }
        _ = try await admin.record([
            node("late", 1, .running, at: 30), node("b", 2, .running, at: 10), node("a", 3, .running, at: 10),
            node("waiting", 4, .queued, at: 5), node("also-waiting", 5, .queued, at: 6),
        ])
        #expect(try await admin.nodes(of: execution.id).map(\.nodeID) == ["a", "b", "late", "also-waiting", "waiting"])
    }

    @Test("batches of 2,000 and then 1,000 events across 1,000 nodes of one execution are applied in full", arguments: StoreKind.allCases)
    func largeBatch(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        var started: [Event] = []
        var ended: [Event] = []
        for index in 0..<1_000 {
            let node = "map/\(index)"
            let base = UInt64(index * 2 + 1)
            started += [
                Event(executionID: execution.id, sequence: base, at: Timestamp(seconds: 1),
                      kind: .node(NodeEvent(nodeID: node, parentNodeID: "map", kind: .task, phase: .running))),
                Event(executionID: execution.id, sequence: base + 1, at: Timestamp(seconds: 2),
                      kind: .attempt(AttemptEvent(nodeID: node, attempt: 1, attemptID: "a-\(index)", phase: .succeeded))),
            ]
            ended.append(Event(executionID: execution.id, sequence: UInt64(2_001 + index), at: Timestamp(seconds: 3),
                               kind: .node(NodeEvent(nodeID: node, phase: .succeeded, outputs: ["o": .int(Int64(index))]))))
        }
        // The second batch finds every node it touches already stored, and builds on it.
        #expect(try await admin.record(started).applied == 2_000)
        #expect(try await admin.record(ended).applied == 1_000)
        let nodes = try await admin.nodes(of: execution.id)
        #expect(nodes.count == 1_000)
        #expect(nodes.allSatisfy { $0.phase == .succeeded && $0.attempts.count == 1 && $0.parentNodeID == "map" })
        guard case .getExecution(let after) = try await admin.call(.getExecution(GetExecutionRequest(executionID: execution.id)))
        else { return }
        #expect(after.execution?.lastSequence == 3_000)
    }

    /// A write that finds the writer free runs at once on its caller's thread; the others wait
    /// their turn. Whichever way each goes, every batch sent at once is recorded.
    @Test("batches for many executions recorded at once are all applied, with executions created meanwhile", arguments: StoreKind.allCases)
    func concurrentBatches(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        var executions: [Execution] = []
        for _ in 0..<12 { executions.append(try await admin.createGreeting()) }
        let replies = try await withThrowingTaskGroup(of: RecordEventsResponse?.self) { group in
            for execution in executions {
                group.addTask { try await admin.record(self.taskRun(execution.id, node: "hello", from: 1)) }
                group.addTask { _ = try await admin.createGreeting(); return nil }
            }
            return try await group.reduce(into: [RecordEventsResponse]()) { if let reply = $1 { $0.append(reply) } }
        }
        #expect(replies.count == executions.count)
        #expect(replies.allSatisfy { $0.applied == 4 && $0.duplicates == 0 })
        for execution in executions {
            #expect(try await admin.nodes(of: execution.id).map(\.phase) == [.succeeded])
        }
    }
}
