import Foundation
import GRDB
import SluiceCore
import SluiceWire

extension SQLiteAdminStore {
    public func recordEvents(_ events: [Event], encoded: [ArraySlice<UInt8>]?, receivedAt: Timestamp) async throws -> RecordedEvents {
        let batches = EventRows.perExecution(events, encoded: encoded)
        return try await writes.write { db in
            var recorded = RecordedEvents(applied: 0, duplicates: 0, changedExecutions: [])
            // Sorted so that concurrent batches touch executions in the same order.
            for executionID in batches.keys.sorted() {
                guard let batch = batches[executionID] else { continue }
                let applied = try EventRows.apply(
                    batch.events, encoded: batch.encoded, to: executionID, receivedAt: receivedAt, db)
                recorded.applied += applied.applied
                recorded.duplicates += applied.duplicates
                if applied.applied > 0 { recorded.changedExecutions.insert(executionID) }
                if applied.ended { recorded.endedExecutions.insert(executionID) }
            }
            return recorded
        }
    }

    public func events(of executionID: String, after sequence: UInt64, limit: Int) async throws -> EventsPage {
        try await pool.read { db in
            guard let state = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT phase, last_sequence FROM executions WHERE id = ?"), arguments: [executionID])
            else { throw ExecutionRows.unknown(executionID) }
            let events = try EventRunRows.events(of: executionID, after: sequence, limit: limit, db)
            let phase = ExecutionPhase(rawValue: state[0]) ?? .unspecified
            let last: Int64 = state[1]
            return EventsPage(events: events, phase: phase, lastSequence: UInt64(max(last, 0)))
        }
    }

    public func workItems(after cursor: UInt64, limit: Int) async throws -> [WorkItem] {
        if let recent = feedTail.items(after: cursor, limit: limit) { return recent }
        return try await pool.read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT cursor, item FROM feed WHERE cursor > ? ORDER BY cursor LIMIT ?"),
                arguments: [StoredColumns.integer(cursor), limit])
            var items: [WorkItem] = []
            while let row = try rows.next() {
                var item = try StoredColumns.message(WorkItem.self, in: row, at: 1)
                let position: Int64 = row[0]
                item.cursor = UInt64(position)
                items.append(item)
            }
            return items
        }
    }
}

/// Applying a batch of one execution's events to its stored rows.
enum EventRows {
    /// The call's events by execution, each with its bytes when they came with them (bytes that
    /// do not match the events one for one are not used). The usual call carries one
    /// execution's events, handed on as they came.
    static func perExecution(
        _ events: [Event], encoded: [ArraySlice<UInt8>]?
    ) -> [String: (events: [Event], encoded: [ArraySlice<UInt8>]?)] {
        let encoded = encoded?.count == events.count ? encoded : nil
        guard let first = events.first?.executionID else { return [:] }
        if events.allSatisfy({ $0.executionID == first }) { return [first: (events, encoded)] }
        var batches: [String: (events: [Event], encoded: [ArraySlice<UInt8>]?)] = [:]
        for (index, event) in events.enumerated() {
            batches[event.executionID, default: ([], encoded.map { _ in [] })].events.append(event)
            if let encoded { batches[event.executionID]?.encoded?.append(encoded[index]) }
        }
        return batches
    }

    /// Loads the execution and each node and signal the new events touch once, applies the
    /// events in sequence order in memory, then writes each changed row once, keeping the
    /// pending gates in step.
    static func apply(
        _ batch: [Event], encoded: [ArraySlice<UInt8>]?, to executionID: String, receivedAt: Timestamp, _ db: Database
    ) throws -> (applied: Int, duplicates: Int, ended: Bool) {
        guard var execution = try ExecutionRows.execution(executionID, db) else {
            throw ExecutionRows.unknown(executionID)
        }
        let (fresh, duplicates) = try EventRunRows.new(in: batch, of: executionID, db)
        guard !fresh.isEmpty else { return (0, duplicates, false) }
        let endedBefore = execution.phase.isTerminal

        let (touched, touchedInOrder, touchedSignals) = touched(by: fresh, of: batch)
        var nodes = try loadNodes(touched, of: executionID, db)
        let pausedBefore = Set(nodes.filter { $0.value.isPausedAtGate }.keys)
        var signals = try SignalRows.load(touchedSignals, of: executionID, db)
        for index in fresh {
            EventApplication.apply(batch[index], to: &execution, nodes: &nodes, signals: &signals, receivedAt: receivedAt)
        }
        try EventRunRows.insert(fresh, of: batch, encoded: encoded, executionID: executionID, receivedAt: receivedAt, db)
        let nodeRows: [[DatabaseValue]] = try touchedInOrder.compactMap { nodeID in
            guard let node = nodes[nodeID] else { return nil }
            return [
                executionID.databaseValue, nodeID.databaseValue, node.startedAt.map(StoredColumns.nanoseconds).databaseValue,
                try StoredColumns.blob(node).databaseValue,
            ]
        }
        try saveNodes.insert(nodeRows, db)
        try SignalRows.save(touchedSignals.sorted().compactMap { signals[$0] }, db)
        try PendingGateRows.refresh(touched, nodes: nodes, pausedBefore: pausedBefore, execution: execution, db)
        try ExecutionRows.update(execution, db)
        return (fresh.count, duplicates, !endedBefore && execution.phase.isTerminal)
    }

    /// The nodes and signals the events at `fresh` touch; the nodes also in the order first
    /// touched, so that a new node's row follows the order its first events came in (a map's
    /// elements, in the order they started; see the paged listing).
    static func touched(by fresh: [Int], of batch: [Event]) -> (nodes: Set<String>, inOrder: [String], signals: Set<String>) {
        var nodes = Set<String>()
        var inOrder: [String] = []
        var signals = Set<String>()
        for index in fresh {
            if let nodeID = batch[index].touchedNodeID, nodes.insert(nodeID).inserted { inOrder.append(nodeID) }
            if case .signal(let signal)? = batch[index].kind { signals.insert(signal.signalID) }
        }
        return (nodes, inOrder, signals)
    }

    private static let saveNodes = BatchInsert(
        head: "INSERT INTO node_executions (execution_id, node_id, started_at, node)", columns: 4,
        tail: "ON CONFLICT (execution_id, node_id) DO UPDATE SET started_at = excluded.started_at, node = excluded.node")

    private static let idsPerQuery = 100

    /// The stored nodes among `ids`: a few one by one, more a hundred at a time.
    private static func loadNodes(_ ids: Set<String>, of executionID: String, _ db: Database) throws -> [String: NodeExecution] {
        guard !ids.isEmpty else { return [:] }
        var nodes: [String: NodeExecution] = [:]
        nodes.reserveCapacity(ids.count)
        if ids.count <= 4 {
            // The usual batch of a running execution (a task ended, the next one queued):
            // cheaper than a list of a hundred ids.
            let statement = try db.cachedStatement(sql: "SELECT node FROM node_executions WHERE execution_id = ? AND node_id = ?")
            for id in ids {
                if let row = try Row.fetchOne(statement, arguments: [executionID, id]) {
                    nodes[id] = try StoredColumns.message(NodeExecution.self, in: row, at: 0)
                }
            }
            return nodes
        }
        // The ids go in lists of a fixed length, the last padded with a repeated id (harmless in
        // an IN list), so one prepared statement serves every batch.
        let statement = try db.cachedStatement(sql: """
            SELECT node_id, node FROM node_executions
            WHERE execution_id = ? AND node_id IN (\(Array(repeating: "?", count: idsPerQuery).joined(separator: ", ")))
            """)
        let ordered = Array(ids)
        for start in stride(from: 0, to: ordered.count, by: idsPerQuery) {
            var arguments = [executionID]
            arguments += ordered[start..<min(start + idsPerQuery, ordered.count)]
            arguments += repeatElement(ordered[min(start + idsPerQuery, ordered.count) - 1], count: idsPerQuery + 1 - arguments.count)
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                nodes[row[0]] = try StoredColumns.message(NodeExecution.self, in: row, at: 1)
            }
        }
        return nodes
    }
}

extension Event {
    /// The node a node or attempt event concerns.
    var touchedNodeID: String? {
        switch kind {
        case .node(let event)?: event.nodeID
        case .attempt(let event)?: event.nodeID
        case .execution?, .signal?, nil: nil
        }
    }
}
