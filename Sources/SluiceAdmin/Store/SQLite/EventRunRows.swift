import Foundation
import GRDB
import SluiceWire

/// The event_runs table: an execution's recorded events as runs of consecutive sequence
/// numbers, each row one ``EventRun`` in the bytes the events arrived in. A RecordEvents call's
/// events for one execution usually make one row: a thousand cache hits are a handful of rows
/// instead of a thousand, and none is encoded again. A row covers every sequence number from
/// its first to its last, which is what tells a resent event from a new one.
enum EventRunRows {
    /// Runs are cut at this many events, so that reading a page of events after a sequence
    /// number never decodes much that it then skips.
    static let eventsPerRun = 256

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
        if recorded.isEmpty, sequences.indices.dropFirst().allSatisfy({ sequences[$0 - 1] < sequences[$0] }) {
            // The usual batch: new, in order, no sequence twice.
            return (Array(batch.indices), 0)
        }
        var seen = Set<Int64>()
        let fresh = batch.indices
            .filter { index in
                let sequence = sequences[index]
                return !recorded.contains { $0.contains(sequence) } && seen.insert(sequence).inserted
            }
            .sorted { sequences[$0] < sequences[$1] }
        return (fresh, batch.count - fresh.count)
    }

    /// Stores the events at `fresh` (indices into `batch`, in sequence order, all new), cut into
    /// runs. An event is stored in its bytes from `encoded` when it has them and a time;
    /// otherwise it is encoded, stamped with `receivedAt` when it has no time.
    static func insert(
        _ fresh: [Int], of batch: [Event], encoded: [ArraySlice<UInt8>]?, executionID: String,
        receivedAt: Timestamp, _ db: Database
    ) throws {
        let statement = try db.cachedStatement(sql: insertRun)
        var start = fresh.startIndex
        while start < fresh.endIndex {
            var end = start + 1
            while end < fresh.endIndex, end - start < eventsPerRun,
                  batch[fresh[end]].sequence == batch[fresh[end - 1]].sequence + 1 {
                end += 1
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(fresh[start..<end].reduce(0) { $0 + (encoded?[$1].count ?? 200) + 4 })
            for index in fresh[start..<end] {
                if batch[index].at != nil, let encoded {
                    append(encoded[index], to: &bytes)
                } else {
                    var stamped = batch[index]
                    if stamped.at == nil { stamped.at = receivedAt }
                    append(try stamped.serializedBytes()[...], to: &bytes)
                }
            }
            try statement.execute(arguments: [
                executionID, StoredColumns.integer(batch[fresh[end - 1]].sequence),
                StoredColumns.integer(batch[fresh[start]].sequence), Data(bytes),
            ])
            start = end
        }
    }

    private static let insertRun = """
        INSERT INTO event_runs (execution_id, last_sequence, first_sequence, events) VALUES (?, ?, ?, ?)
        """

    /// Appends an encoded event to an encoded ``EventRun`` (its `events`, field 1).
    private static func append(_ event: ArraySlice<UInt8>, to run: inout [UInt8]) {
        WireFields.appendLengthDelimited(1, event, to: &run)
    }

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
            append([UInt8](event)[...], to: &run)
            try insert.execute(arguments: [row[0], row[1], row[1], Data(run)])
        }
        try db.execute(sql: "DROP TABLE events")
    }
}
