import Foundation
import GRDB
import SluiceCore
import SluiceWire

extension SQLiteAdminStore {
    public func setSignal(_ signal: Signal) async throws -> SignalOutcome {
        let executionID = signal.executionID
        let stored = try StoredColumns.blob(signal)
        let item = WorkItem(executionID: executionID, item: .signal(signal))
        let encodedItem = try StoredColumns.blob(item)
        return try await writes.write { db in
            guard let execution = try ExecutionRows.execution(executionID, db) else {
                throw ExecutionRows.unknown(executionID)
            }
            // A signal already set is answered as such even once the execution has ended, so
            // that a caller retrying after a lost reply learns that its value took effect.
            if let existing = try SignalRows.signal(signal.signalID, of: executionID, db) {
                return .existing(existing)
            }
            if execution.phase.isTerminal { throw SignalRefusals.ended(execution) }
            try db.cachedStatement(sql: "INSERT INTO signals (execution_id, signal_id, set_at, signal) VALUES (?, ?, ?, ?)")
                .execute(arguments: [
                    executionID, signal.signalID, StoredColumns.nanoseconds(signal.setAt ?? .now()), stored,
                ])
            try ExecutionRows.appendWorkItem(item, encoded: encodedItem, to: feedTail, db)
            return .stored(signal)
        }
    }

    public func signals(of executionID: String) async throws -> [Signal] {
        try await pool.read { db in
            guard try ExecutionRows.exists(executionID, db) else { throw ExecutionRows.unknown(executionID) }
            return try SignalRows.all(of: executionID, db)
        }
    }

    public func pendingGates(workflow: String, signalID: String, pageToken: String, limit: Int) async throws -> Page<PendingGate> {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        return try await pool.read { db in
            // Each combination of filters has an index ordered by row (see AdminSchema).
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !workflow.isEmpty {
                conditions.append("workflow_name = ?")
                arguments += [workflow]
            }
            if !signalID.isEmpty {
                conditions.append("signal_id = ?")
                arguments += [signalID]
            }
            conditions.append("row > ?")
            arguments += [after, limit + 1]
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT gate, row FROM pending_gates WHERE \(conditions.joined(separator: " AND ")) ORDER BY row LIMIT ?
                    """),
                arguments: arguments)
            return StoredColumns.page(
                try rows.map { (row: $0[1], item: try StoredColumns.message(PendingGate.self, in: $0, at: 0)) }, limit: limit)
        }
    }
}

/// Reading and writing the signals table.
enum SignalRows {
    /// The execution's signals in the order they were set.
    static func all(of executionID: String, _ db: Database) throws -> [Signal] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT signal FROM signals WHERE execution_id = ? ORDER BY set_at, row"),
            arguments: [executionID])
        var signals: [Signal] = []
        while let row = try rows.next() {
            signals.append(try StoredColumns.message(Signal.self, in: row, at: 0))
        }
        return signals
    }

    static func signal(_ signalID: String, of executionID: String, _ db: Database) throws -> Signal? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT signal FROM signals WHERE execution_id = ? AND signal_id = ?"),
            arguments: [executionID, signalID])
        return try row.map { try StoredColumns.message(Signal.self, in: $0, at: 0) }
    }

    /// The stored signals among `ids`, by signal id.
    static func load(_ ids: Set<String>, of executionID: String, _ db: Database) throws -> [String: Signal] {
        var signals: [String: Signal] = [:]
        // Signal events are few (one or two per gate), so a lookup each is cheap enough.
        for id in ids {
            if let signal = try signal(id, of: executionID, db) { signals[id] = signal }
        }
        return signals
    }

    /// Stores the signals, replacing those of the same execution and id.
    static func save(_ signals: [Signal], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO signals (execution_id, signal_id, set_at, signal) VALUES (?, ?, ?, ?)
            ON CONFLICT (execution_id, signal_id) DO UPDATE SET set_at = excluded.set_at, signal = excluded.signal
            """)
        for signal in signals {
            try statement.execute(arguments: [
                signal.executionID, signal.signalID, StoredColumns.nanoseconds(signal.setAt ?? .now()),
                try StoredColumns.blob(signal),
            ])
        }
    }
}

/// Keeping the pending_gates table in step with the nodes events change.
enum PendingGateRows {
    /// Brings the rows of the execution's `touched` nodes up to date after events changed them:
    /// a node PAUSED at a gate has a row, one that has moved on has none, and an execution that
    /// has ended has none at all. `pausedBefore` are the touched nodes that were PAUSED at a gate
    /// before the events, the only ones that can have a row to remove.
    static func refresh(
        _ touched: Set<String>, nodes: [String: NodeExecution], pausedBefore: Set<String>,
        execution: Execution, _ db: Database
    ) throws {
        if execution.phase.isTerminal {
            try db.cachedStatement(sql: "DELETE FROM pending_gates WHERE execution_id = ?").execute(arguments: [execution.id])
            return
        }
        let workflow = execution.spec?.workflow ?? Identifier()
        var waiting: [[DatabaseValue]] = []
        let remove = try db.cachedStatement(sql: "DELETE FROM pending_gates WHERE execution_id = ? AND node_id = ?")
        // Only nodes at a gate now or before concern the table; a batch of a thousand finished
        // tasks has none to sort.
        let concerned = touched.filter { pausedBefore.contains($0) || nodes[$0]?.isPausedAtGate == true }
        for nodeID in concerned.sorted() {
            if let node = nodes[nodeID], let pending = pendingGate(node, of: execution.id, workflow: workflow) {
                waiting.append([
                    execution.id.databaseValue, nodeID.databaseValue, workflow.name.databaseValue, pending.signalID.databaseValue,
                    try StoredColumns.blob(pending).databaseValue,
                ])
            } else if pausedBefore.contains(nodeID) {
                try remove.execute(arguments: [execution.id, nodeID])
            }
        }
        try save.insert(waiting, db)
    }

    /// The node's gate as a pending gate, when the node is PAUSED at one. Its description comes
    /// from the compiled workflow when the gate is listed.
    static func pendingGate(_ node: NodeExecution, of executionID: String, workflow: Identifier) -> PendingGate? {
        guard node.isPausedAtGate, let gate = node.gate else { return nil }
        return PendingGate(
            executionID: executionID, workflow: workflow, nodeID: node.nodeID, signalID: gate.signalID,
            kind: gate.kind, type: gate.type, waitingSince: gate.waitingSince ?? node.startedAt, timeoutAt: gate.timeoutAt,
            value: gate.underReview(in: node.inputs))
    }

    /// A gate paused again keeps its place in the listing.
    private static let save = BatchInsert(
        head: "INSERT INTO pending_gates (execution_id, node_id, workflow_name, signal_id, gate)", columns: 5,
        tail: "ON CONFLICT (execution_id, node_id) DO UPDATE SET signal_id = excluded.signal_id, gate = excluded.gate")
}

extension NodeExecution {
    /// PAUSED, waiting at a gate for its signal, approval or timer.
    var isPausedAtGate: Bool { phase == .paused && gate != nil }
}
