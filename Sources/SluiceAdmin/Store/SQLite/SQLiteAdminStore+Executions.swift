import Foundation
import GRDB
import SluiceCore
import SluiceWire

extension SQLiteAdminStore {
    public func createExecution(_ execution: Execution, workflowDigest: String) async throws {
        let spec = execution.spec ?? ExecutionSpec()
        let workflow = spec.workflow ?? Identifier()
        let stored = try StoredColumns.blob(execution)
        let item = WorkItem(executionID: execution.id, item: .created(execution), workflowDigest: workflowDigest)
        let encodedItem = try StoredColumns.blob(item)
        try await writes.write { db in
            if !spec.name.isEmpty, let holder = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM executions WHERE name = ?"), arguments: [spec.name])
            {
                throw ServiceError.conflict("an execution named '\(spec.name)' already exists: \(holder)")
            }
            try db.cachedStatement(sql: """
                INSERT INTO executions (id, name, workflow_name, workflow_version, phase, created_at, last_sequence, execution)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    execution.id, spec.name.isEmpty ? nil : spec.name, workflow.name, workflow.version,
                    execution.phase.rawValue, StoredColumns.nanoseconds(execution.createdAt ?? .now()),
                    StoredColumns.integer(execution.lastSequence), stored,
                ])
            let label = try db.cachedStatement(sql: "INSERT INTO execution_labels (execution_id, key, value) VALUES (?, ?, ?)")
            for (key, value) in spec.labels {
                try label.execute(arguments: [execution.id, key, value])
            }
            try ExecutionRows.appendWorkItem(item, encoded: encodedItem, to: feedTail, db)
        }
    }

    public func execution(_ id: String) async throws -> Execution? {
        try await pool.read { db in try ExecutionRows.execution(id, db) }
    }

    public func executions(matching filter: ExecutionFilter, pageToken: String, limit: Int) async throws -> Page<Execution> {
        let before = try StoredColumns.row(fromPageToken: pageToken)
        return try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !filter.workflow.isEmpty {
                conditions.append("workflow_name = ?")
                arguments += [filter.workflow]
            }
            if !filter.phases.isEmpty {
                conditions.append("phase IN (\(Array(repeating: "?", count: filter.phases.count).joined(separator: ", ")))")
                arguments += StatementArguments(filter.phases.map(\.rawValue))
            }
            for (key, value) in filter.labels.sorted(by: { $0.key < $1.key }) {
                conditions.append("""
                    EXISTS (SELECT 1 FROM execution_labels l WHERE l.execution_id = executions.id AND l.key = ? AND l.value = ?)
                    """)
                arguments += [key, value]
            }
            if let before {
                conditions.append("row < ?")
                arguments += [before]
            }
            let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit + 1]
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT execution, row FROM executions \(filtering) ORDER BY row DESC LIMIT ?"),
                arguments: arguments)
            return StoredColumns.page(
                try rows.map { (row: $0[1], item: try StoredColumns.message(Execution.self, in: $0, at: 0)) }, limit: limit)
        }
    }

    public func nodeExecutions(of executionID: String) async throws -> [NodeExecution] {
        try await pool.read { db in
            guard try ExecutionRows.exists(executionID, db) else { throw ExecutionRows.unknown(executionID) }
            return try ExecutionRows.nodes(of: executionID, db)
        }
    }

    public func nodeExecutions(of executionID: String, parent: String, pageToken: String, limit: Int) async throws -> Page<NodeExecution> {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        return try await pool.read { db in
            guard try ExecutionRows.exists(executionID, db) else { throw ExecutionRows.unknown(executionID) }
            return try ExecutionRows.nodePage(of: executionID, parent: parent, after: after, limit: limit, db)
        }
    }

    public func requestAbort(of executionID: String, _ abort: AbortInfo) async throws -> AbortOutcome {
        let item = WorkItem(executionID: executionID, item: .abort(AbortRequest(reason: abort.reason, actor: abort.actor)))
        let encodedItem = try StoredColumns.blob(item)
        return try await writes.write { db in
            guard var execution = try ExecutionRows.execution(executionID, db) else {
                throw ExecutionRows.unknown(executionID)
            }
            if execution.phase.isTerminal {
                throw ServiceError.failedPrecondition("execution \(executionID) already \(execution.phase.name)")
            }
            if execution.abort != nil { return AbortOutcome(execution: execution, requested: false) }
            execution.abort = abort
            try ExecutionRows.update(execution, db)
            try ExecutionRows.appendWorkItem(item, encoded: encodedItem, to: feedTail, db)
            return AbortOutcome(execution: execution, requested: true)
        }
    }

    public func executionState(of executionID: String) async throws -> ExecutionState {
        try await pool.read { [workflowCache] db in
            guard let execution = try ExecutionRows.execution(executionID, db) else {
                throw ExecutionRows.unknown(executionID)
            }
            let pinned = execution.spec?.workflow ?? Identifier()
            guard let workflow = try RegistryRows.workflow(named: pinned.name, version: pinned.version, db, cache: workflowCache) else {
                throw StoreCorruption("execution \(executionID) runs workflow \(pinned.name):\(pinned.version), which is not registered")
            }
            // The nodes come a page at a time: a large map's elements are more than one reply holds.
            let nodes = try ExecutionRows.nodePage(of: executionID, parent: "", after: 0, limit: NodePaging.mostNodes, db)
            return ExecutionState(
                execution: execution, workflow: workflow.compiled, nodes: nodes.items,
                signals: try SignalRows.all(of: executionID, db), nextNodesPageToken: nodes.nextPageToken)
        }
    }

    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            var executions: [ExecutionPhase: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT phase, COUNT(*) FROM executions GROUP BY phase")) {
                executions[ExecutionPhase(rawValue: row[0]) ?? .unspecified, default: 0] += row[1]
            }
            let gates = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM pending_gates")) ?? 0
            return StoreCounts(executions: executions, gatesWaiting: gates)
        }
    }

    public func activeExecutions(pageToken: String, limit: Int) async throws -> ActiveExecutions {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        let terminal = [ExecutionPhase.succeeded, .failed, .aborted, .timedOut].map(\.rawValue)
        return try await pool.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT id, row FROM executions WHERE phase NOT IN (?, ?, ?, ?) AND row > ? ORDER BY row LIMIT ?
                    """),
                arguments: StatementArguments(terminal) + [after, limit + 1])
            let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(cursor) FROM feed")) ?? 0
            return ActiveExecutions(
                page: StoredColumns.page(rows.map { (row: $0[1], item: $0[0] as String) }, limit: limit),
                feedCursor: UInt64(max(cursor, 0)))
        }
    }
}

/// Reading and writing the executions, node_executions and feed tables.
enum ExecutionRows {
    static func unknown(_ executionID: String) -> ServiceError {
        .notFound("execution \(executionID) does not exist")
    }

    static func exists(_ id: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM executions WHERE id = ?"), arguments: [id]) ?? false
    }

    static func execution(_ id: String, _ db: Database) throws -> Execution? {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT execution FROM executions WHERE id = ?"), arguments: [id])
        return try row.map { try StoredColumns.message(Execution.self, in: $0, at: 0) }
    }

    static func update(_ execution: Execution, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE executions SET phase = ?, last_sequence = ?, execution = ? WHERE id = ?")
            .execute(arguments: [
                execution.phase.rawValue, StoredColumns.integer(execution.lastSequence),
                try StoredColumns.blob(execution), execution.id,
            ])
    }

    /// Nodes not started yet come after those that have. RESOURCE_EXHAUSTED when they are more
    /// than a page holds: such an execution is read a page at a time.
    static func nodes(of executionID: String, _ db: Database) throws -> [NodeExecution] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT node FROM node_executions WHERE execution_id = ?
                ORDER BY started_at IS NULL, started_at, node_id
                """),
            arguments: [executionID])
        var nodes: [NodeExecution] = []
        var bytes = 0
        while let row = try rows.next() {
            bytes += (row[0] as Data).count
            guard nodes.count < NodePaging.mostNodes, bytes <= NodePaging.mostBytes else {
                throw ServiceError(.resourceExhausted, """
                    execution \(executionID) has more nodes than one reply holds (\(NodePaging.mostNodes) nodes or \
                    \(NodePaging.mostBytes >> 20) MiB); list them a page at a time (limit, page_token)
                    """)
            }
            nodes.append(try StoredColumns.message(NodeExecution.self, in: row, at: 0))
        }
        return nodes
    }

    /// Up to `limit` nodes recorded after row `after` whose parent is `parent` ("" for any), in
    /// row order, and never more than ``NodePaging/mostBytes`` of them (but at least one).
    static func nodePage(of executionID: String, parent: String, after: Int64, limit: Int, _ db: Database) throws -> Page<NodeExecution> {
        // Rows are read in chunks and filtered by parent here (the parent is in the stored
        // node), until a page and one more node are found.
        var found: [(row: Int64, item: NodeExecution)] = []
        var cursor = after
        var bytes = 0
        let chunk = 1_000
        let statement = try db.cachedStatement(
            sql: "SELECT node, rowid FROM node_executions WHERE execution_id = ? AND rowid > ? ORDER BY rowid LIMIT ?")
        reading: while true {
            let rows = try Row.fetchAll(statement, arguments: [executionID, cursor, chunk])
            for row in rows {
                let blob: Data = row[0]
                let node = try StoredColumns.message(NodeExecution.self, in: row, at: 0)
                cursor = row[1]
                guard parent.isEmpty || node.parentNodeID == parent else { continue }
                bytes += blob.count
                // One more than the page says that more follow; so does one that would overflow it.
                if found.count == limit || (bytes > NodePaging.mostBytes && !found.isEmpty) {
                    return Page(items: found.map(\.item), nextPageToken: found.last.map { String($0.row) } ?? "")
                }
                found.append((cursor, node))
            }
            if rows.count < chunk { break reading }
        }
        return Page(items: found.map(\.item), nextPageToken: "")
    }

    /// Appends `item` (stored as `encoded`) to the feed; once the transaction commits, the
    /// item with its cursor joins `tail`.
    static func appendWorkItem(_ item: WorkItem, encoded: Data, to tail: FeedTail, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO feed (execution_id, item) VALUES (?, ?)")
            .execute(arguments: [item.executionID, encoded])
        var appended = item
        appended.cursor = UInt64(db.lastInsertedRowID)
        db.afterNextTransaction { [appended] _ in tail.committed(appended) }
    }
}
