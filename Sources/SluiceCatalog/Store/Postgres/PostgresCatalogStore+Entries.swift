import PostgresNIO
import SluiceWire

extension PostgresCatalogStore {
    public func lookup(digests: [String], at now: Timestamp) async throws -> [CacheEntry?] {
        if digests.isEmpty { return [] }
        let hitAt = CatalogTime.nanoseconds(now)
        // A key asked several times in one lookup is hit as often, as lookups one after the
        // other would hit it.
        var times: [String: Int64] = [:]
        for digest in digests { times[digest, default: 0] += 1 }
        let asked = Array(times.keys)
        let askedTimes = asked.map { times[$0] ?? 1 }
        let found = try await transaction { connection in
            // One statement for the whole batch, however many keys a map node asks. Entries are
            // locked in digest order first, so that lookups and puts of the same entries never
            // deadlock; the update then counts the hits and returns the entries as they now stand.
            let rows = try await connection.query(
                """
                WITH asked AS (
                    SELECT * FROM unnest(\(asked)::text[], \(askedTimes)::bigint[]) AS asked(digest, times)
                ), locked AS (
                    SELECT e.digest FROM catalog_entries e JOIN asked ON e.digest = asked.digest
                    ORDER BY e.digest FOR UPDATE OF e
                )
                UPDATE catalog_entries e SET hits = e.hits + asked.times, last_hit_at = \(hitAt)
                FROM asked
                WHERE e.digest = asked.digest AND e.digest IN (SELECT digest FROM locked)
                RETURNING \(unescaped: PostgresEntryRows.columns(withOutputs: true, table: "e"))
                """,
                logger: logger)
            var found: [String: CacheEntry] = [:]
            for try await row in rows {
                let entry = try PostgresEntryRows.entry(from: row, withOutputs: true)
                found[entry.digest] = entry
            }
            let hits = found.keys.reduce(0) { $0 + Int(times[$1] ?? 1) }
            try await PostgresCounters.add(hits: hits, misses: digests.count - hits, connection, logger: logger)
            return found
        }
        // Each time a key is asked, its result shows the hits counted so far, the last all.
        var remaining = times
        return digests.map { digest in
            guard var entry = found[digest] else { return nil }
            remaining[digest, default: 1] -= 1
            entry.hits -= UInt64(clamping: remaining[digest] ?? 0)
            return entry
        }
    }

    public func put(_ entries: [CacheEntry], overwrite: Bool) async throws -> PutOutcome {
        if entries.isEmpty { return PutOutcome(stored: 0, kept: 0) }
        // Encoded before the transaction, so that it holds its locks for the database only.
        let batch = PostgresEntryBatch(
            try entries.map { (entry: $0, outputs: ByteBuffer(bytes: try EntryRows.encodedOutputs(of: $0))) }, overwrite: overwrite)
        let digests = Array(Set(entries.map(\.digest))).sorted()
        return try await transaction { connection in
            try await PostgresReservationLocks.lockForPutting(digests, connection, logger: logger)
            // Whoever reserved a key to produce it is done once it is in, whoever put it.
            try await connection.query(
                """
                DELETE FROM catalog_reservations WHERE digest IN (
                    SELECT digest FROM catalog_reservations WHERE digest = ANY(\(digests)::text[]) ORDER BY digest FOR UPDATE)
                """,
                logger: logger)
            let written = try await batch.write(overwrite: overwrite, connection, logger: logger)
            // Overwriting writes every entry, one named twice twice over, as SQLite counts it.
            let stored = overwrite ? entries.count : written
            try await PostgresCounters.add(puts: stored, connection, logger: logger)
            return PutOutcome(stored: stored, kept: entries.count - stored)
        }
    }
}
