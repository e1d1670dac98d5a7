import NIOCore
import PostgresNIO
import SluiceCore
import SluiceWire

extension PostgresAdminStore {
    public func createExecution(_ execution: Execution, workflowDigest: String) async throws {
        let spec = execution.spec ?? ExecutionSpec()
        let workflow = spec.workflow ?? Identifier()
        let stored = try PostgresColumns.bytes(execution)
        let item = WorkItem(executionID: execution.id, item: .created(execution), workflowDigest: workflowDigest)
        let name: String? = spec.name.isEmpty ? nil : spec.name
        try await transaction { connection in
            // The feed's lock first: executions' rows, like feed cursors, then commit in the
            // order they are taken, so a scheduler reading active executions page by page
            // misses none created meanwhile (they are on a later page or after its cursor).
            try await Self.lockFeed(connection, logger)
            let inserted = try await connection.query("""
                INSERT INTO executions (id, name, workflow_name, workflow_version, phase, created_at, last_sequence, execution)
                VALUES (\(execution.id), \(name), \(workflow.name), \(workflow.version), \(Int32(execution.phase.rawValue)),
                        \(StoredColumns.nanoseconds(execution.createdAt ?? .now())), \(StoredColumns.integer(execution.lastSequence)),
                        \(stored))
                ON CONFLICT (name) DO NOTHING RETURNING row
                """, logger: logger).collect()
            if inserted.isEmpty {
                var holder = "?"
                for try await id in try await connection.query(
                    "SELECT id FROM executions WHERE name = \(spec.name)", logger: logger).decode(String.self) { holder = id }
                throw ServiceError.conflict("an execution named '\(spec.name)' already exists: \(holder)")
            }
            for (key, value) in spec.labels {
                try await connection.query(
                    "INSERT INTO execution_labels (execution_id, key, value) VALUES (\(execution.id), \(key), \(value))", logger: logger)
            }
            try await Self.appendWorkItem(item, connection, logger)
        }
    }

    public func execution(_ id: String) async throws -> Execution? {
        try await database.client.withConnection { connection in try await Self.execution(id, connection, logger) }
    }

    public func executions(matching filter: ExecutionFilter, pageToken: String, limit: Int) async throws -> Page<Execution> {
        let before = try StoredColumns.row(fromPageToken: pageToken)
        var conditions: [String] = []
        var binds = PostgresBindings()
        if !filter.workflow.isEmpty {
            binds.append(filter.workflow)
            conditions.append("workflow_name = $\(binds.count)")
        }
        if !filter.phases.isEmpty {
            binds.append(filter.phases.map { Int32($0.rawValue) })
            conditions.append("phase = ANY($\(binds.count))")
        }
        for (key, value) in filter.labels.sorted(by: { $0.key < $1.key }) {
            binds.append(key)
            binds.append(value)
            conditions.append("""
                EXISTS (SELECT 1 FROM execution_labels l WHERE l.execution_id = executions.id AND l.key = $\(binds.count - 1) \
                AND l.value = $\(binds.count))
                """)
        }
        if let before {
            binds.append(before)
            conditions.append("row < $\(binds.count)")
        }
        binds.append(Int64(limit + 1))
        let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try await query(PostgresQuery(
            unsafeSQL: "SELECT execution, row FROM executions \(filtering) ORDER BY row DESC LIMIT $\(binds.count)", binds: binds))
        var items: [(row: Int64, item: Execution)] = []
        for try await (bytes, row) in rows.decode((ByteBuffer, Int64).self) {
            items.append((row, try PostgresColumns.message(Execution.self, from: bytes)))
        }
        return StoredColumns.page(items, limit: limit)
    }

    public func nodeExecutions(of executionID: String) async throws -> [NodeExecution] {
        try await database.client.withConnection { connection in
            guard try await Self.exists(executionID, connection, logger) else { throw ExecutionRows.unknown(executionID) }
            let rows = try await connection.query("""
                SELECT node FROM node_executions WHERE execution_id = \(executionID)
                ORDER BY started_at IS NULL, started_at, node_id
                """, logger: logger)
            var nodes: [NodeExecution] = []
            var bytes = 0
            for try await node in rows.decode(ByteBuffer.self) {
                bytes += node.readableBytes
                guard nodes.count < NodePaging.mostNodes, bytes <= NodePaging.mostBytes else {
                    throw ServiceError(.resourceExhausted, """
                        execution \(executionID) has more nodes than one reply holds (\(NodePaging.mostNodes) nodes or \
                        \(NodePaging.mostBytes >> 20) MiB); list them a page at a time (limit, page_token)
                        """)
                }
                nodes.append(try PostgresColumns.message(NodeExecution.self, from: node))
            }
            return nodes
        }
    }

    public func nodeExecutions(of executionID: String, parent: String, pageToken: String, limit: Int) async throws -> Page<NodeExecution> {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        return try await database.client.withConnection { connection in
            guard try await Self.exists(executionID, connection, logger) else { throw ExecutionRows.unknown(executionID) }
            return try await Self.nodePage(of: executionID, parent: parent, after: after, limit: limit, connection, logger)
        }
    }

    public func requestAbort(of executionID: String, _ abort: AbortInfo) async throws -> AbortOutcome {
        let item = WorkItem(executionID: executionID, item: .abort(AbortRequest(reason: abort.reason, actor: abort.actor)))
        return try await transaction { connection in
            guard var execution = try await Self.execution(executionID, connection, logger, locking: true) else {
                throw ExecutionRows.unknown(executionID)
            }
            if execution.phase.isTerminal {
                throw ServiceError.failedPrecondition("execution \(executionID) already \(execution.phase.name)")
            }
            if execution.abort != nil { return AbortOutcome(execution: execution, requested: false) }
            execution.abort = abort
            try await Self.update(execution, connection, logger)
            try await Self.appendWorkItem(item, connection, logger)
            return AbortOutcome(execution: execution, requested: true)
        }
    }

    public func executionState(of executionID: String) async throws -> ExecutionState {
        // One snapshot: the execution, its nodes and signals as of one moment.
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            guard let execution = try await Self.execution(executionID, connection, logger) else {
                throw ExecutionRows.unknown(executionID)
            }
            let pinned = execution.spec?.workflow ?? Identifier()
            guard let workflow = try await Self.workflow(
                named: pinned.name, version: pinned.version, connection, logger, cache: workflowCache)
            else {
                throw StoreCorruption("execution \(executionID) runs workflow \(pinned.name):\(pinned.version), which is not registered")
            }
            let nodes = try await Self.nodePage(of: executionID, parent: "", after: 0, limit: NodePaging.mostNodes, connection, logger)
            return ExecutionState(
                execution: execution, workflow: workflow.compiled, nodes: nodes.items,
                signals: try await Self.signals(of: executionID, connection, logger), nextNodesPageToken: nodes.nextPageToken)
        }
    }

    public func counts() async throws -> StoreCounts {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var executions: [ExecutionPhase: Int] = [:]
            let phases = try await connection.query("SELECT phase, COUNT(*) FROM executions GROUP BY phase", logger: logger)
            for try await (phase, count) in phases.decode((Int32, Int64).self) {
                executions[ExecutionPhase(rawValue: phase) ?? .unspecified, default: 0] += Int(count)
            }
            var gates = 0
            for try await count in try await connection.query("SELECT COUNT(*) FROM pending_gates", logger: logger).decode(Int64.self) {
                gates = Int(count)
            }
            return StoreCounts(executions: executions, gatesWaiting: gates)
        }
    }

    public func activeExecutions(pageToken: String, limit: Int) async throws -> ActiveExecutions {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        let terminal = [ExecutionPhase.succeeded, .failed, .aborted, .timedOut].map { Int32($0.rawValue) }
        return try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            let rows = try await connection.query("""
                SELECT id, row FROM executions WHERE NOT (phase = ANY(\(terminal))) AND row > \(after) ORDER BY row LIMIT \(Int64(limit + 1))
                """, logger: logger)
            var items: [(row: Int64, item: String)] = []
            for try await (id, row) in rows.decode((String, Int64).self) { items.append((row, id)) }
            var cursor: Int64 = 0
            for try await last in try await connection.query("SELECT MAX(cursor) FROM feed", logger: logger).decode(Int64?.self) {
                cursor = last ?? 0
            }
            return ActiveExecutions(page: StoredColumns.page(items, limit: limit), feedCursor: UInt64(max(cursor, 0)))
        }
    }

    // MARK: Rows

    static func exists(_ id: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        try await !connection.query("SELECT 1 FROM executions WHERE id = \(id)", logger: logger).collect().isEmpty
    }

    /// The execution; with `locking`, its row stays locked until the transaction ends, so that
    /// what is written next follows what was read.
    static func execution(_ id: String, _ connection: PostgresConnection, _ logger: Logger, locking: Bool = false) async throws -> Execution? {
        let rows = locking
            ? try await connection.query("SELECT execution FROM executions WHERE id = \(id) FOR UPDATE", logger: logger)
            : try await connection.query("SELECT execution FROM executions WHERE id = \(id)", logger: logger)
        for try await bytes in rows.decode(ByteBuffer.self) {
            return try PostgresColumns.message(Execution.self, from: bytes)
        }
        return nil
    }

    static func update(_ execution: Execution, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("""
            UPDATE executions SET phase = \(Int32(execution.phase.rawValue)), last_sequence = \(StoredColumns.integer(execution.lastSequence)),
            execution = \(try PostgresColumns.bytes(execution)) WHERE id = \(execution.id)
            """, logger: logger)
    }

    /// Up to `limit` nodes first recorded after row `after` whose parent is `parent` ("" for
    /// any), in row order, and never more than ``NodePaging/mostBytes`` of them (but one).
    static func nodePage(
        of executionID: String, parent: String, after: Int64, limit: Int, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Page<NodeExecution> {
        var found: [(row: Int64, item: NodeExecution)] = []
        var cursor = after
        var bytes = 0
        let chunk: Int64 = 1_000
        while true {
            let rows = try await connection.query("""
                SELECT node, row FROM node_executions WHERE execution_id = \(executionID) AND row > \(cursor) ORDER BY row LIMIT \(chunk)
                """, logger: logger)
            var read: Int64 = 0
            for try await (blob, row) in rows.decode((ByteBuffer, Int64).self) {
                read += 1
                cursor = row
                let node = try PostgresColumns.message(NodeExecution.self, from: blob)
                guard parent.isEmpty || node.parentNodeID == parent else { continue }
                bytes += blob.readableBytes
                if found.count == limit || (bytes > NodePaging.mostBytes && !found.isEmpty) {
                    return Page(items: found.map(\.item), nextPageToken: found.last.map { String($0.row) } ?? "")
                }
                found.append((row, node))
            }
            if read < chunk { break }
        }
        return Page(items: found.map(\.item), nextPageToken: "")
    }

    /// Takes the feed's lock until the transaction ends (taking it again is free).
    static func lockFeed(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('sluice.admin.feed'))", logger: logger)
    }

    /// Appends `item` to the feed, and notifies pollers once the transaction commits. The
    /// lock, held until the commit, makes cursors commit in the order they are taken: without
    /// it, a poller could read cursor 11 before cursor 10 commits, and never see 10.
    static func appendWorkItem(_ item: WorkItem, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await lockFeed(connection, logger)
        try await connection.query(
            "INSERT INTO feed (execution_id, item) VALUES (\(item.executionID), \(try PostgresColumns.bytes(item)))", logger: logger)
        try await PostgresColumns.notify(.feed, connection, logger)
    }
}
