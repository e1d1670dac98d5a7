import Foundation
import GRDB
import SluiceWire

/// The event_runs table: an execution's recorded events as runs of consecutive sequence
/// numbers, each row one ``EventRun`` in the bytes the events arrived in. A RecordEvents call's
/// events for one execution usually make one row: a thousand cache hits are a handful of rows
/// instead of a thousand, and none is encoded again. A row covers every sequence number from
/// its first to its last, which is what tells a resent event from a new one.
enum EventRunRows {
    /// The batch's events not recorded yet (nor earlier in the batch), as indices into `batch`
    /// in sequence order, and how many were.
    static func new(in batch: [Event], of executionID: String, _ db: Database) throws -> (fresh: [Int], duplicates: Int) {
        let sequences = batch.map { StoredColumns.integer($0.sequence) }
        guard let lowest = sequences.min(), let highest = sequences.max() else { return ([], 0) }
        var recorded: [ClosedRange<Int64>] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT first_sequence, last_sequence FROM event_runs
                WHERE execution_id = ? AND last_sequence >= ? ORDER BY last_sequence
                """),
            arguments: [executionID, lowest])
        while let row = try rows.next() {
            let first: Int64 = row[0]
            if first > highest { break }
            recorded.append(first...row[1])
        }
        return EventRunEncoding.fresh(sequences, recorded: recorded)
    }

    /// Stores the events at `fresh` (indices into `batch`, in sequence order, all new), cut into
    /// runs (see ``EventRunEncoding``).
    static func insert(
        _ fresh: [Int], of batch: [Event], encoded: [ArraySlice<UInt8>]?, executionID: String,
        receivedAt: Timestamp, _ db: Database
    ) throws {
        let statement = try db.cachedStatement(sql: insertRun)
        for run in EventRunEncoding.runs(fresh, of: batch) {
            let bytes = try EventRunEncoding.encode(run, of: batch, encoded: encoded, receivedAt: receivedAt)
            try statement.execute(arguments: [
                executionID, StoredColumns.integer(batch[run[run.endIndex - 1]].sequence),
                StoredColumns.integer(batch[run[run.startIndex]].sequence), Data(bytes),
            ])
        }
    }

    private static let insertRun = """
        INSERT INTO event_runs (execution_id, last_sequence, first_sequence, events) VALUES (?, ?, ?, ?)
        """

    /// Up to `limit` of the execution's events after `sequence`, in order.
    static func events(of executionID: String, after sequence: UInt64, limit: Int, _ db: Database) throws -> [Event] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT events FROM event_runs WHERE execution_id = ? AND last_sequence > ? ORDER BY last_sequence
                """),
            arguments: [executionID, StoredColumns.integer(sequence)])
        var events: [Event] = []
        while events.count < limit, let row = try rows.next() {
            let run = try StoredColumns.message(EventRun.self, in: row, at: 0)
            for event in run.events where event.sequence > sequence && events.count < limit {
                events.append(event)
            }
        }
        return events
    }

    /// The schema's former events table, one row per event, moved into runs of one event each.
    static func moveFromEventsTable(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT execution_id, sequence, event FROM events")
        let insert = try db.makeStatement(sql: insertRun)
        while let row = try rows.next() {
            let event: Data = row[2]
            var run: [UInt8] = []
            EventRunEncoding.append([UInt8](event)[...], to: &run)
            try insert.execute(arguments: [row[0], row[1], row[1], Data(run)])
        }
        try db.execute(sql: "DROP TABLE events")
    }
}
