import NIOCore
import PostgresNIO
import SluiceCore
import SluiceWire

extension PostgresAdminStore {
    public func recordEvents(_ events: [Event], encoded: [ArraySlice<UInt8>]?, receivedAt: Timestamp) async throws -> RecordedEvents {
        let batches = EventRows.perExecution(events, encoded: encoded)
        return try await transaction { connection in
            var recorded = RecordedEvents(applied: 0, duplicates: 0, changedExecutions: [])
            // Sorted so that concurrent batches lock executions in the same order.
            for executionID in batches.keys.sorted() {
                guard let batch = batches[executionID] else { continue }
                let applied = try await apply(batch.events, encoded: batch.encoded, to: executionID, receivedAt: receivedAt, connection)
                recorded.applied += applied.applied
                recorded.duplicates += applied.duplicates
                if applied.applied > 0 {
                    recorded.changedExecutions.insert(executionID)
                    try await PostgresColumns.notify(.events(executionID: executionID), connection, logger)
                }
                if applied.ended {
                    recorded.endedExecutions.insert(executionID)
                    try await PostgresColumns.notify(.ended(executionID: executionID), connection, logger)
                }
            }
            return recorded
        }
    }

    public func events(of executionID: String, after sequence: UInt64, limit: Int) async throws -> EventsPage {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var state: (phase: Int32, last: Int64)?
            for try await row in try await connection.query(
                "SELECT phase, last_sequence FROM executions WHERE id = \(executionID)", logger: logger
            ).decode((Int32, Int64).self) { state = row }
            guard let state else { throw ExecutionRows.unknown(executionID) }
            let runs = try await connection.query("""
                SELECT events FROM event_runs WHERE execution_id = \(executionID) AND last_sequence > \(StoredColumns.integer(sequence))
                ORDER BY last_sequence LIMIT \(Int64(max(limit, 1)))
                """, logger: logger)
            var events: [Event] = []
            for try await bytes in runs.decode(ByteBuffer.self) where events.count < limit {
                let run = try PostgresColumns.message(EventRun.self, from: bytes)
                for event in run.events where event.sequence > sequence && events.count < limit { events.append(event) }
            }
            return EventsPage(
                events: events, phase: ExecutionPhase(rawValue: state.phase) ?? .unspecified, lastSequence: UInt64(max(state.last, 0)))
        }
    }

    public func workItems(after cursor: UInt64, limit: Int) async throws -> [WorkItem] {
        let rows = try await query(
            "SELECT cursor, item FROM feed WHERE cursor > \(StoredColumns.integer(cursor)) ORDER BY cursor LIMIT \(Int64(limit))")
        var items: [WorkItem] = []
        for try await (position, bytes) in rows.decode((Int64, ByteBuffer).self) {
            var item = try PostgresColumns.message(WorkItem.self, from: bytes)
            item.cursor = UInt64(position)
            items.append(item)
        }
        return items
    }

    /// Locks the execution, loads each node and signal the new events touch once, applies the
    /// events in sequence order in memory, then writes each changed row once, keeping the
    /// pending gates in step (as the SQLite store does: see `EventRows.apply`).
    private func apply(
        _ batch: [Event], encoded: [ArraySlice<UInt8>]?, to executionID: String, receivedAt: Timestamp, _ connection: PostgresConnection
    ) async throws -> (applied: Int, duplicates: Int, ended: Bool) {
        guard var execution = try await Self.execution(executionID, connection, logger, locking: true) else {
            throw ExecutionRows.unknown(executionID)
        }
        let (fresh, duplicates) = try await newEvents(in: batch, of: executionID, connection)
        guard !fresh.isEmpty else { return (0, duplicates, false) }
        let endedBefore = execution.phase.isTerminal
        let (touched, touchedInOrder, touchedSignals) = EventRows.touched(by: fresh, of: batch)
        var nodes = try await loadNodes(touchedInOrder, of: executionID, connection)
        let pausedBefore = Set(nodes.filter { $0.value.isPausedAtGate }.keys)
        var signals: [String: Signal] = [:]
        for id in touchedSignals {
            if let signal = try await Self.signal(id, of: executionID, connection, logger) { signals[id] = signal }
        }
        for index in fresh {
            EventApplication.apply(batch[index], to: &execution, nodes: &nodes, signals: &signals, receivedAt: receivedAt)
        }
        try await insertRuns(fresh, of: batch, encoded: encoded, executionID: executionID, receivedAt: receivedAt, connection)
        try await saveNodes(touchedInOrder.compactMap { nodes[$0] }, of: executionID, connection)
        for id in touchedSignals.sorted() {
            if let signal = signals[id] { try await Self.save(signal, connection, logger) }
        }
        try await refreshPendingGates(touched, nodes: nodes, pausedBefore: pausedBefore, execution: execution, connection)
        try await Self.update(execution, connection, logger)
        return (fresh.count, duplicates, !endedBefore && execution.phase.isTerminal)
    }

    /// The batch's events not recorded yet (nor earlier in the batch), as indices into `batch`
    /// in sequence order, and how many were.
    private func newEvents(in batch: [Event], of executionID: String, _ connection: PostgresConnection) async throws
        -> (fresh: [Int], duplicates: Int)
    {
        let sequences = batch.map { StoredColumns.integer($0.sequence) }
        guard let lowest = sequences.min(), let highest = sequences.max() else { return ([], 0) }
        var recorded: [ClosedRange<Int64>] = []
        let rows = try await connection.query("""
            SELECT first_sequence, last_sequence FROM event_runs
            WHERE execution_id = \(executionID) AND last_sequence >= \(lowest) AND first_sequence <= \(highest)
            ORDER BY last_sequence
            """, logger: logger)
        for try await (first, last) in rows.decode((Int64, Int64).self) { recorded.append(first...last) }
        return EventRunEncoding.fresh(sequences, recorded: recorded)
    }

    /// Stores the events at `fresh` as runs of consecutive sequence numbers, each in the bytes
    /// the events came in when they have them (see `EventRunRows`).
    private func insertRuns(
        _ fresh: [Int], of batch: [Event], encoded: [ArraySlice<UInt8>]?, executionID: String, receivedAt: Timestamp,
        _ connection: PostgresConnection
    ) async throws {
        for run in EventRunEncoding.runs(fresh, of: batch) {
            let bytes = try EventRunEncoding.encode(run, of: batch, encoded: encoded, receivedAt: receivedAt)
            try await connection.query("""
                INSERT INTO event_runs (execution_id, last_sequence, first_sequence, events)
                VALUES (\(executionID), \(StoredColumns.integer(batch[run.last!].sequence)),
                        \(StoredColumns.integer(batch[run.first!].sequence)), \(ByteBuffer(bytes: bytes)))
                """, logger: logger)
        }
    }

    /// The stored nodes among `ids`, in one query.
    private func loadNodes(_ ids: [String], of executionID: String, _ connection: PostgresConnection) async throws -> [String: NodeExecution] {
        guard !ids.isEmpty else { return [:] }
        var nodes: [String: NodeExecution] = [:]
        nodes.reserveCapacity(ids.count)
        let rows = try await connection.query(
            "SELECT node_id, node FROM node_executions WHERE execution_id = \(executionID) AND node_id = ANY(\(ids))", logger: logger)
        for try await (id, bytes) in rows.decode((String, ByteBuffer).self) {
            nodes[id] = try PostgresColumns.message(NodeExecution.self, from: bytes)
        }
        return nodes
    }

    /// Upserts the nodes, in the order given (a new node's row follows its first events), a
    /// statement per thousand: unnest() of parallel arrays.
    private func saveNodes(_ nodes: [NodeExecution], of executionID: String, _ connection: PostgresConnection) async throws {
        for start in stride(from: 0, to: nodes.count, by: 1_000) {
            let chunk = nodes[start..<min(start + 1_000, nodes.count)]
            let ids = chunk.map(\.nodeID)
            // Arrays hold no NULLs here: whether a node has started goes beside its start time.
            let hasStarted = chunk.map { $0.startedAt != nil }
            let started = chunk.map { $0.startedAt.map(StoredColumns.nanoseconds) ?? 0 }
            let blobs = try chunk.map { try PostgresColumns.bytes($0) }
            try await connection.query("""
                INSERT INTO node_executions (execution_id, node_id, started_at, node)
                SELECT \(executionID), n.id, CASE WHEN n.has_started THEN n.started END, n.node
                FROM unnest(\(ids)::text[], \(hasStarted)::boolean[], \(started)::bigint[], \(blobs)::bytea[])
                    WITH ORDINALITY AS n(id, has_started, started, node, position)
                ORDER BY n.position
                ON CONFLICT (execution_id, node_id) DO UPDATE SET started_at = excluded.started_at, node = excluded.node
                """, logger: logger)
        }
    }

    /// Brings the pending gates of the execution's touched nodes up to date (see
    /// `PendingGateRows.refresh`).
    private func refreshPendingGates(
        _ touched: Set<String>, nodes: [String: NodeExecution], pausedBefore: Set<String>, execution: Execution,
        _ connection: PostgresConnection
    ) async throws {
        if execution.phase.isTerminal {
            try await connection.query("DELETE FROM pending_gates WHERE execution_id = \(execution.id)", logger: logger)
            return
        }
        let workflow = execution.spec?.workflow ?? Identifier()
        let concerned = touched.filter { pausedBefore.contains($0) || nodes[$0]?.isPausedAtGate == true }
        for nodeID in concerned.sorted() {
            if let node = nodes[nodeID], let pending = PendingGateRows.pendingGate(node, of: execution.id, workflow: workflow) {
                // A gate paused again keeps its place in the listing.
                try await connection.query("""
                    INSERT INTO pending_gates (execution_id, node_id, workflow_name, signal_id, gate)
                    VALUES (\(execution.id), \(nodeID), \(workflow.name), \(pending.signalID), \(try PostgresColumns.bytes(pending)))
                    ON CONFLICT (execution_id, node_id) DO UPDATE SET signal_id = excluded.signal_id, gate = excluded.gate
                    """, logger: logger)
            } else if pausedBefore.contains(nodeID) {
                try await connection.query(
                    "DELETE FROM pending_gates WHERE execution_id = \(execution.id) AND node_id = \(nodeID)", logger: logger)
            }
        }
    }
}
