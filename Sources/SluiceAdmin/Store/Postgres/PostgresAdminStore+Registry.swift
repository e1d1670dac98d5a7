import NIOCore
import PostgresNIO
import SluiceCore
import SluiceWire

extension PostgresAdminStore {
    public func registerTask(_ task: TaskSpec, digest: String, at: Timestamp) async throws -> RegistrationOutcome<TaskSpec> {
        let id = task.id ?? Identifier()
        let spec = try PostgresColumns.bytes(task)
        return try await transaction { connection in
            let inserted = try await connection.query("""
                INSERT INTO tasks (name, version, digest, spec, registered_at)
                VALUES (\(id.name), \(id.version), \(digest), \(spec), \(StoredColumns.nanoseconds(at)))
                ON CONFLICT (name, version) DO NOTHING RETURNING row
                """, logger: logger).collect()
            if !inserted.isEmpty { return .created }
            guard let existing = try await Self.task(named: id.name, version: id.version, connection, logger) else {
                throw StoreCorruption("task \(id.name):\(id.version) is neither new nor stored")
            }
            return existing.digest == digest ? .unchanged : .conflict(existing: existing.spec, digest: existing.digest)
        }
    }

    public func task(_ id: Identifier) async throws -> Registered<TaskSpec>? {
        try await database.client.withConnection { connection in
            try await Self.task(named: id.name, version: id.version, connection, logger)
        }
    }

    public func tasks(named name: String, pageToken: String, limit: Int) async throws -> Page<Registered<TaskSpec>> {
        let rows = try await listing(table: "tasks", columns: "spec, digest, registered_at", name: name, pageToken: pageToken, limit: limit)
        var items: [(row: Int64, item: Registered<TaskSpec>)] = []
        for try await (spec, digest, registeredAt, row) in rows.decode((ByteBuffer, String, Int64, Int64).self) {
            items.append((row, Registered(
                spec: try PostgresColumns.message(TaskSpec.self, from: spec), digest: digest,
                registeredAt: StoredColumns.timestamp(nanoseconds: registeredAt))))
        }
        return StoredColumns.page(items, limit: limit)
    }

    /// The compiler reads the registry synchronously, and PostgreSQL answers asynchronously:
    /// `body` runs against what has been read so far, noting what it asked for that was not;
    /// that is read, and `body` runs again, until it asks for nothing new. Registered versions
    /// never change, so what was read stays true; each run reads at most one more level of the
    /// workflows it refers to.
    public func withRegistry<T: Sendable>(_ body: @escaping @Sendable (any WorkflowRegistry) throws -> T) async throws -> T {
        var known = PrefetchedRegistry()
        while true {
            let recording = RecordingRegistry(known: known)
            let result = Result { try body(recording) }
            let missing = recording.missing
            if missing.tasks.isEmpty && missing.workflows.isEmpty { return try result.get() }
            for id in missing.tasks {
                known.tasks[id] = .some(try await task(id)?.spec)
            }
            for id in missing.workflows {
                known.workflows[id] = .some(try await workflow(id)?.compiled)
            }
        }
    }

    public func registerWorkflow(
        _ workflow: CompiledWorkflow, submitted spec: WorkflowSpec, digest: String, at: Timestamp
    ) async throws -> RegistrationOutcome<WorkflowSpec> {
        let id = spec.id ?? Identifier()
        let specBytes = try PostgresColumns.bytes(spec)
        let compiledBytes = try PostgresColumns.bytes(workflow)
        return try await transaction { connection in
            let inserted = try await connection.query("""
                INSERT INTO workflows (name, version, digest, spec, compiled, registered_at)
                VALUES (\(id.name), \(id.version), \(digest), \(specBytes), \(compiledBytes), \(StoredColumns.nanoseconds(at)))
                ON CONFLICT (name, version) DO NOTHING RETURNING row
                """, logger: logger).collect()
            if !inserted.isEmpty { return .created }
            guard let existing = try await Self.workflow(named: id.name, version: id.version, connection, logger, cache: workflowCache) else {
                throw StoreCorruption("workflow \(id.name):\(id.version) is neither new nor stored")
            }
            return existing.digest == digest ? .unchanged : .conflict(existing: existing.submitted, digest: existing.digest)
        }
    }

    public func workflow(_ id: Identifier) async throws -> RegisteredWorkflow? {
        try await database.client.withConnection { connection in
            try await Self.workflow(named: id.name, version: id.version, connection, logger, cache: workflowCache)
        }
    }

    public func workflows(named name: String, pageToken: String, limit: Int) async throws -> Page<RegisteredWorkflow> {
        let rows = try await listing(
            table: "workflows", columns: "compiled, spec, digest, registered_at", name: name, pageToken: pageToken, limit: limit)
        var items: [(row: Int64, item: RegisteredWorkflow)] = []
        for try await (compiled, spec, digest, registeredAt, row) in rows.decode((ByteBuffer, ByteBuffer, String, Int64, Int64).self) {
            items.append((row, RegisteredWorkflow(
                compiled: try PostgresColumns.message(CompiledWorkflow.self, from: compiled),
                submitted: try PostgresColumns.message(WorkflowSpec.self, from: spec), digest: digest,
                registeredAt: StoredColumns.timestamp(nanoseconds: registeredAt))))
        }
        return StoredColumns.page(items, limit: limit)
    }

    // MARK: Rows

    static func task(named name: String, version: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> Registered<TaskSpec>?
    {
        let rows = version.isEmpty
            ? try await connection.query(
                "SELECT spec, digest, registered_at FROM tasks WHERE name = \(name) ORDER BY row DESC LIMIT 1", logger: logger)
            : try await connection.query(
                "SELECT spec, digest, registered_at FROM tasks WHERE name = \(name) AND version = \(version)", logger: logger)
        for try await (spec, digest, registeredAt) in rows.decode((ByteBuffer, String, Int64).self) {
            return Registered(
                spec: try PostgresColumns.message(TaskSpec.self, from: spec), digest: digest,
                registeredAt: StoredColumns.timestamp(nanoseconds: registeredAt))
        }
        return nil
    }

    /// One version, or the latest; decoded once and then taken from `cache`.
    static func workflow(
        named name: String, version: String, _ connection: PostgresConnection, _ logger: Logger, cache: RegisteredWorkflowCache
    ) async throws -> RegisteredWorkflow? {
        let heads = version.isEmpty
            ? try await connection.query("""
                SELECT version, digest, length(compiled) + length(spec) FROM workflows WHERE name = \(name) ORDER BY row DESC LIMIT 1
                """, logger: logger)
            : try await connection.query("""
                SELECT version, digest, length(compiled) + length(spec) FROM workflows WHERE name = \(name) AND version = \(version)
                """, logger: logger)
        var head: (key: RegisteredWorkflowCache.Key, bytes: Int)?
        for try await (foundVersion, digest, bytes) in heads.decode((String, String, Int32).self) {
            head = (RegisteredWorkflowCache.Key(name: name, version: foundVersion, digest: digest), Int(bytes))
        }
        guard let head else { return nil }
        if let kept = cache.workflow(head.key) { return kept }
        let rows = try await connection.query("""
            SELECT compiled, spec, digest, registered_at FROM workflows WHERE name = \(name) AND version = \(head.key.version)
            """, logger: logger)
        for try await (compiled, spec, digest, registeredAt) in rows.decode((ByteBuffer, ByteBuffer, String, Int64).self) {
            let workflow = RegisteredWorkflow(
                compiled: try PostgresColumns.message(CompiledWorkflow.self, from: compiled),
                submitted: try PostgresColumns.message(WorkflowSpec.self, from: spec), digest: digest,
                registeredAt: StoredColumns.timestamp(nanoseconds: registeredAt))
            cache.keep(workflow, as: head.key, bytes: head.bytes)
            return workflow
        }
        return nil
    }

    /// `limit + 1` rows ordered by name then registration, after the row a page token names;
    /// each holds `columns`, then the row.
    private func listing(table: String, columns: String, name: String, pageToken: String, limit: Int) async throws -> PostgresRowSequence {
        let after = try StoredColumns.row(fromPageToken: pageToken)
        var lastName: String?
        if let after {
            let rows = try await query(PostgresQuery(unsafeSQL: "SELECT name FROM \(table) WHERE row = $1", binds: Self.binds(after)))
            for try await name in rows.decode(String.self) { lastName = name }
            guard lastName != nil else {
                throw ServiceError.invalidArgument("page_token '\(pageToken)' is not a token this listing issued")
            }
        }
        var conditions: [String] = []
        var binds = PostgresBindings()
        if !name.isEmpty {
            binds.append(name)
            conditions.append("name = $\(binds.count)")
        }
        if let after, let lastName {
            binds.append(lastName)
            binds.append(after)
            conditions.append("(name, row) > ($\(binds.count - 1), $\(binds.count))")
        }
        binds.append(Int64(limit + 1))
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await query(PostgresQuery(
            unsafeSQL: "SELECT \(columns), row FROM \(table) \(filter) ORDER BY name, row LIMIT $\(binds.count)", binds: binds))
    }

    static func binds(_ values: Int64...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}

/// What ``PostgresAdminStore/withRegistry(_:)`` has read: for each id, the spec or nil for none.
struct PrefetchedRegistry: Sendable {
    var tasks: [Identifier: TaskSpec?] = [:]
    var workflows: [Identifier: CompiledWorkflow?] = [:]
}

/// A registry over what has been read, noting each id asked for that has not been.
final class RecordingRegistry: WorkflowRegistry, @unchecked Sendable {
    // Used by one synchronous compile at a time, on one thread; never shared.
    private let known: PrefetchedRegistry
    private(set) var missing: (tasks: Set<Identifier>, workflows: Set<Identifier>) = ([], [])

    init(known: PrefetchedRegistry) {
        self.known = known
    }

    func task(_ id: Identifier) throws -> TaskSpec? {
        guard let found = known.tasks[id] else {
            missing.tasks.insert(id)
            return nil
        }
        return found
    }

    func workflow(_ id: Identifier) throws -> CompiledWorkflow? {
        guard let found = known.workflows[id] else {
            missing.workflows.insert(id)
            return nil
        }
        return found
    }
}
