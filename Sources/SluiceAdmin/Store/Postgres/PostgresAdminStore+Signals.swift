import NIOCore
import PostgresNIO
import SluiceCore
import SluiceWire

extension PostgresAdminStore {
    public func setSignal(_ signal: Signal) async throws -> SignalOutcome {
        let executionID = signal.executionID
        let item = WorkItem(executionID: executionID, item: .signal(signal))
        return try await transaction { connection in
            // Locked: a signal set through another admin at the same moment waits, then finds this one.
            guard let execution = try await Self.execution(executionID, connection, logger, locking: true) else {
                throw ExecutionRows.unknown(executionID)
            }
            // A signal already set is answered as such even once the execution has ended, so
            // that a caller retrying after a lost reply learns that its value took effect.
            if let existing = try await Self.signal(signal.signalID, of: executionID, connection, logger) {
                return .existing(existing)
            }
            if execution.phase.isTerminal { throw SignalRefusals.ended(execution) }
            try await Self.save(signal, connection, logger)
            try await Self.appendWorkItem(item, connection, logger)
            return .stored(signal)
        }
    }

    public func signals(of executionID: String) async throws -> [Signal] {
        try await database.client.withConnection { connection in
            guard try await Self.exists(executionID, connection, logger) else { throw ExecutionRows.unknown(executionID) }
            return try await Self.signals(of: executionID, connection, logger)
        }
    }

    public func pendingGates(workflow: String, signalID: String, pageToken: String, limit: Int) async throws -> Page<PendingGate> {
        let after = try StoredColumns.row(fromPageToken: pageToken) ?? 0
        var conditions: [String] = []
        var binds = PostgresBindings()
        if !workflow.isEmpty {
            binds.append(workflow)
            conditions.append("workflow_name = $\(binds.count)")
        }
        if !signalID.isEmpty {
            binds.append(signalID)
            conditions.append("signal_id = $\(binds.count)")
        }
        binds.append(after)
        conditions.append("row > $\(binds.count)")
        binds.append(Int64(limit + 1))
        let rows = try await query(PostgresQuery(unsafeSQL: """
            SELECT gate, row FROM pending_gates WHERE \(conditions.joined(separator: " AND ")) ORDER BY row LIMIT $\(binds.count)
            """, binds: binds))
        var items: [(row: Int64, item: PendingGate)] = []
        for try await (gate, row) in rows.decode((ByteBuffer, Int64).self) {
            items.append((row, try PostgresColumns.message(PendingGate.self, from: gate)))
        }
        return StoredColumns.page(items, limit: limit)
    }

    // MARK: Rows

    /// The execution's signals in the order they were set.
    static func signals(of executionID: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> [Signal] {
        let rows = try await connection.query(
            "SELECT signal FROM signals WHERE execution_id = \(executionID) ORDER BY set_at, row", logger: logger)
        var signals: [Signal] = []
        for try await bytes in rows.decode(ByteBuffer.self) { signals.append(try PostgresColumns.message(Signal.self, from: bytes)) }
        return signals
    }

    static func signal(_ signalID: String, of executionID: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Signal? {
        let rows = try await connection.query(
            "SELECT signal FROM signals WHERE execution_id = \(executionID) AND signal_id = \(signalID)", logger: logger)
        for try await bytes in rows.decode(ByteBuffer.self) { return try PostgresColumns.message(Signal.self, from: bytes) }
        return nil
    }

    /// Stores the signal, replacing one of the same execution and id.
    static func save(_ signal: Signal, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO signals (execution_id, signal_id, set_at, signal)
            VALUES (\(signal.executionID), \(signal.signalID), \(StoredColumns.nanoseconds(signal.setAt ?? .now())),
                    \(try PostgresColumns.bytes(signal)))
            ON CONFLICT (execution_id, signal_id) DO UPDATE SET set_at = excluded.set_at, signal = excluded.signal
            """, logger: logger)
    }
}
