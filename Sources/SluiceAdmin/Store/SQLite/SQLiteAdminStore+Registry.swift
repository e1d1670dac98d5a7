import GRDB
import SluiceCore
import SluiceWire

extension SQLiteAdminStore {
    public func registerTask(_ task: TaskSpec, digest: String, at: Timestamp) async throws -> RegistrationOutcome<TaskSpec> {
        let id = task.id ?? Identifier()
        let spec = try StoredColumns.blob(task)
        return try await writes.write { db in
            if let existing = try RegistryRows.task(named: id.name, version: id.version, db) {
                return existing.digest == digest ? .unchanged : .conflict(existing: existing.spec, digest: existing.digest)
            }
            try db.cachedStatement(sql: """
                INSERT INTO tasks (name, version, digest, spec, registered_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [id.name, id.version, digest, spec, StoredColumns.nanoseconds(at)])
            return .created
        }
    }

    public func task(_ id: Identifier) async throws -> Registered<TaskSpec>? {
        try await pool.read { db in try RegistryRows.task(named: id.name, version: id.version, db) }
    }

    public func tasks(named name: String, pageToken: String, limit: Int) async throws -> Page<Registered<TaskSpec>> {
        let after = try StoredColumns.row(fromPageToken: pageToken)
        return try await pool.read { db in
            let rows = try RegistryRows.listing(
                table: "tasks", columns: "spec, digest, registered_at", name: name, after: after, limit: limit, db)
            return StoredColumns.page(try rows.map { ($0.row, try RegistryRows.registeredTask($0.columns)) }, limit: limit)
        }
    }

    public func withRegistry<T: Sendable>(_ body: @escaping @Sendable (any WorkflowRegistry) throws -> T) async throws -> T {
        try await pool.read { [workflowCache] db in try body(SnapshotRegistry(db: db, workflowCache: workflowCache)) }
    }

    public func registerWorkflow(
        _ workflow: CompiledWorkflow, submitted spec: WorkflowSpec, digest: String, at: Timestamp
    ) async throws -> RegistrationOutcome<WorkflowSpec> {
        let id = spec.id ?? Identifier()
        let specBytes = try StoredColumns.blob(spec)
        let compiledBytes = try StoredColumns.blob(workflow)
        return try await writes.write { db in
            if let existing = try RegistryRows.workflow(named: id.name, version: id.version, db, cache: workflowCache) {
                return existing.digest == digest
                    ? .unchanged : .conflict(existing: existing.submitted, digest: existing.digest)
            }
            try db.cachedStatement(sql: """
                INSERT INTO workflows (name, version, digest, spec, compiled, registered_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id.name, id.version, digest, specBytes, compiledBytes, StoredColumns.nanoseconds(at)])
            return .created
        }
    }

    public func workflow(_ id: Identifier) async throws -> RegisteredWorkflow? {
        try await pool.read { [workflowCache] db in
            try RegistryRows.workflow(named: id.name, version: id.version, db, cache: workflowCache)
        }
    }

    public func workflows(named name: String, pageToken: String, limit: Int) async throws -> Page<RegisteredWorkflow> {
        let after = try StoredColumns.row(fromPageToken: pageToken)
        return try await pool.read { db in
            let rows = try RegistryRows.listing(
                table: "workflows", columns: "compiled, spec, digest, registered_at", name: name, after: after,
                limit: limit, db)
            return StoredColumns.page(try rows.map { ($0.row, try RegistryRows.registeredWorkflow($0.columns)) }, limit: limit)
        }
    }
}

/// The registry the workflow compiler reads, over one read transaction.
struct SnapshotRegistry: WorkflowRegistry {
    let db: Database
    let workflowCache: RegisteredWorkflowCache

    func task(_ id: Identifier) throws -> TaskSpec? {
        try RegistryRows.task(named: id.name, version: id.version, db)?.spec
    }

    func workflow(_ id: Identifier) throws -> CompiledWorkflow? {
        try RegistryRows.workflow(named: id.name, version: id.version, db, cache: workflowCache)?.compiled
    }
}

/// Reading the tasks and workflows tables.
enum RegistryRows {
    static func task(named name: String, version: String, _ db: Database) throws -> Registered<TaskSpec>? {
        let row = try lookup(table: "tasks", columns: "spec, digest, registered_at", name: name, version: version, db)
        return try row.map(registeredTask)
    }

    /// One version, or the latest; decoded once and then taken from `cache`.
    static func workflow(
        named name: String, version: String, _ db: Database, cache: RegisteredWorkflowCache
    ) throws -> RegisteredWorkflow? {
        guard let head = try lookup(
            table: "workflows", columns: "version, digest, length(compiled) + length(spec)", name: name, version: version, db)
        else { return nil }
        let key = RegisteredWorkflowCache.Key(name: name, version: head[0], digest: head[1])
        if let kept = cache.workflow(key) { return kept }
        guard let row = try lookup(
            table: "workflows", columns: "compiled, spec, digest, registered_at", name: name, version: key.version, db)
        else { return nil }
        let workflow = try registeredWorkflow(row)
        cache.keep(workflow, as: key, bytes: head[2])
        return workflow
    }

    /// Columns: spec, digest, registered_at.
    static func registeredTask(_ row: Row) throws -> Registered<TaskSpec> {
        Registered(
            spec: try StoredColumns.message(TaskSpec.self, in: row, at: 0),
            digest: row[1],
            registeredAt: StoredColumns.timestamp(nanoseconds: row[2]))
    }

    /// Columns: compiled, spec, digest, registered_at.
    static func registeredWorkflow(_ row: Row) throws -> RegisteredWorkflow {
        RegisteredWorkflow(
            compiled: try StoredColumns.message(CompiledWorkflow.self, in: row, at: 0),
            submitted: try StoredColumns.message(WorkflowSpec.self, in: row, at: 1),
            digest: row[2],
            registeredAt: StoredColumns.timestamp(nanoseconds: row[3]))
    }

    /// One version, or the latest registered when `version` is empty.
    private static func lookup(
        table: String, columns: String, name: String, version: String, _ db: Database
    ) throws -> Row? {
        if version.isEmpty {
            let statement = try db.cachedStatement(
                sql: "SELECT \(columns) FROM \(table) WHERE name = ? ORDER BY row DESC LIMIT 1")
            return try Row.fetchOne(statement, arguments: [name])
        }
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM \(table) WHERE name = ? AND version = ?")
        return try Row.fetchOne(statement, arguments: [name, version])
    }

    /// `limit + 1` rows ordered by name then registration, after the row a page token names.
    /// Each holds `columns`, then the row id.
    static func listing(
        table: String, columns: String, name: String, after: Int64?, limit: Int, _ db: Database
    ) throws -> [(row: Int64, columns: Row)] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !name.isEmpty {
            conditions.append("name = ?")
            arguments += [name]
        }
        if let after {
            guard let last = try String.fetchOne(
                db.cachedStatement(sql: "SELECT name FROM \(table) WHERE row = ?"), arguments: [after])
            else {
                throw ServiceError.invalidArgument("page_token '\(after)' is not a token this listing issued")
            }
            conditions.append("(name, row) > (?, ?)")
            arguments += [last, after]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns), row FROM \(table) \(filter) ORDER BY name, row LIMIT ?")
        arguments += [limit + 1]
        return try Row.fetchAll(statement, arguments: arguments).map { row in (row: row[row.count - 1], columns: row) }
    }
}
