import SluiceRPC
import Foundation
import GRDB
@testable import SluiceAdmin
import SluiceTestSupport
import SluiceWire
import Testing

@Suite("The admin database across restarts and releases", .loadsTheMachine)
struct DurabilityTests {
    @Test("reopening the database keeps registrations, executions, nodes, events and the feed; cursors keep growing", arguments: StoreKind.allCases)
    func reopenKeepsEverything(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting(name: "kept", labels: ["team": "data"])
        let events = [
            Event(executionID: execution.id, sequence: 1, at: Timestamp(seconds: 1), kind: .execution(ExecutionEvent(phase: .running))),
            Event(executionID: execution.id, sequence: 2, at: Timestamp(seconds: 2),
                  kind: .node(NodeEvent(nodeID: "hello", kind: .task, phase: .running))),
        ]
        _ = try await admin.record(events)
        _ = try await admin.call(.abortExecution(AbortExecutionRequest(executionID: execution.id, reason: "enough")))

        let restarted = try await admin.reopened()
        func call(_ call: AdminRequest.Call) async throws -> AdminResponse.Reply {
            try await restarted.handle(call, context: .init(principal: Principal(name: "tester", roles: [.admin]), logger: .init(label: "test")))
        }
        guard case .getTask(let task) = try await call(.getTask(GetTaskRequest(id: Identifier(name: "greet")))),
              case .getExecution(let stored) = try await call(.getExecution(GetExecutionRequest(executionID: execution.id))),
              case .listNodeExecutions(let nodes) = try await call(.listNodeExecutions(ListNodeExecutionsRequest(executionID: execution.id))),
              case .getEvents(let recorded) = try await call(.getEvents(GetEventsRequest(executionID: execution.id))),
              case .listExecutions(let labelled) = try await call(.listExecutions(ListExecutionsRequest(labels: ["team": "data"]))),
              case .pollWork(let feed) = try await call(.pollWork(PollWorkRequest()))
        else { Issue.record("a call answered with another reply"); return }
        #expect(task.task == Samples.greetTask)
        #expect(stored.execution?.phase == .running)
        #expect(stored.execution?.abort?.reason == "enough")
        #expect(stored.execution?.lastSequence == 2)
        #expect(nodes.nodes.map(\.nodeID) == ["hello"])
        #expect(recorded.events == events)
        #expect(labelled.executions.map(\.id) == [execution.id])
        #expect(feed.items.map(\.cursor) == [1, 2])

        // The name stays taken, and the feed goes on from where it was.
        let taken = await refusal {
            try await call(.createExecution(CreateExecutionRequest(spec: ExecutionSpec(
                workflow: Identifier(name: "greeting"), inputs: ["who": .string("Bo")], name: "kept"))))
        }
        #expect(taken?.code == .conflict)
        _ = try await call(.createExecution(CreateExecutionRequest(spec: ExecutionSpec(
            workflow: Identifier(name: "greeting"), inputs: ["who": .string("Bo")]))))
        guard case .pollWork(let next) = try await call(.pollWork(PollWorkRequest(afterCursor: 2))) else { return }
        #expect(next.items.map(\.cursor) == [3])
    }

    @Test("a database left by an earlier release, with only its first migration, is brought up to date and keeps its data")
    func migratesAnExistingDatabase() async throws {
        let spec = Data(try Samples.greetTask.serializedBytes())
        let (directory, path) = try await earlierReleaseDatabase(upTo: "v1-registry") { db in
            try db.execute(
                sql: "INSERT INTO tasks (name, version, digest, spec, registered_at) VALUES ('greet', '1', 'd', ?, 0)",
                arguments: [spec])
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteAdminStore.open(at: path)
        #expect(try await store.task(Identifier(name: "greet"))?.spec == Samples.greetTask)
        let applied = try await store.pool.read { db in try AdminSchema.migrator.appliedIdentifiers(db) }
        #expect(Set(applied) == ["v1-registry", "v1-executions", "v1-events-and-feed", "v2-signals-and-pending-gates", "v3-event-runs",
                                 "v4-node-rows-by-execution"])
        // The tables the later migrations add are usable.
        #expect(try await store.workItems(after: 0, limit: 10).isEmpty)
        #expect(try await store.pendingGates(workflow: "", signalID: "", pageToken: "", limit: 10).items.isEmpty)
    }

    @Test("events recorded one row each by an earlier release read back the same once kept as runs, and still count as recorded")
    func migratesEventRows() async throws {
        let events = (1...3).map { sequence in
            Event(executionID: "ex-old", sequence: UInt64(sequence), at: Timestamp(seconds: Int64(sequence)),
                  kind: .node(NodeEvent(nodeID: "n\(sequence)", kind: .task, phase: .running)))
        }
        let rows = try events.map { (Int64($0.sequence), Data(try $0.serializedBytes())) }
        let execution = Data(try Execution(id: "ex-old", phase: .running, lastSequence: 3).serializedBytes())
        let (directory, path) = try await earlierReleaseDatabase(upTo: "v2-signals-and-pending-gates") { db in
            try db.execute(
                sql: """
                    INSERT INTO executions (id, workflow_name, workflow_version, phase, created_at, last_sequence, execution)
                    VALUES ('ex-old', 'greeting', '1', ?, 0, 3, ?)
                    """,
                arguments: [ExecutionPhase.running.rawValue, execution])
            for (sequence, event) in rows {
                try db.execute(sql: "INSERT INTO events (execution_id, sequence, event) VALUES ('ex-old', ?, ?)",
                               arguments: [sequence, event])
            }
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteAdminStore.open(at: path)
        #expect(try await store.events(of: "ex-old", after: 0, limit: 10).events == events)
        #expect(try await store.events(of: "ex-old", after: 1, limit: 1).events == [events[1]])
        let resent = try await store.recordEvents(events, encoded: nil, receivedAt: .now())
        #expect(resent.applied == 0 && resent.duplicates == 3)
    }

    @Test("two services opening the same new file at once both start: the second waits for the first's migrations")
    func concurrentOpens() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-admin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sqlite").path
        async let first = SQLiteAdminStore.open(at: path)
        async let second = SQLiteAdminStore.open(at: path)
        let stores = try await [first, second]
        _ = try await stores[0].registerTask(Samples.greetTask, digest: "d", at: Timestamp(seconds: 1))
        #expect(try await stores[1].task(Identifier(name: "greet", version: "1"))?.spec == Samples.greetTask)
    }

    @Test("a database written by a newer release is refused, naming the file")
    func refusesNewerSchema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-admin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sqlite").path
        let store = try await SQLiteAdminStore.open(at: path)
        try await store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        do {
            _ = try await SQLiteAdminStore.open(at: path)
            Issue.record("a newer schema was opened")
        } catch let error as AdminStoreOpenError {
            #expect(error.description.contains(path))
            #expect(error.description.contains("newer"))
        }
    }

    @Test("sluice-admin given a database it cannot open says so in one line and exits non-zero")
    func executableRefusesBadDatabase() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("sluice-admin")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build sluice-admin first")
        let outcome = try await runProcess(
            binary.path, ["--database", "/dev/null/admin.sqlite", "--listen", "tcp://127.0.0.1:0"],
            environment: ProcessInfo.processInfo.environment.merging(TestPrincipals.serviceEnvironment) { $1 })
        #expect(outcome.status != 0)
        let lines = outcome.errorText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cannot open the admin database at /dev/null/admin.sqlite") == true)
        #expect(!outcome.outputText.contains("listening"))
    }

    /// A database file as an earlier release left it: migrated up to `migration`, holding what
    /// `fill` writes. The caller removes `directory`.
    private func earlierReleaseDatabase(
        upTo migration: String, _ fill: @escaping @Sendable (Database) throws -> Void
    ) async throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("admin.sqlite").path
        try await onOwnThread {
            let queue = try DatabaseQueue(path: path)
            try AdminSchema.migrator.migrate(queue, upTo: migration)
            try queue.write(fill)
            try queue.close()
        }
        return (directory, path)
    }
}
