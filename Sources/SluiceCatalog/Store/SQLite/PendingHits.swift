import GRDB

/// Hits counted in memory and not yet written: per entry, how many and the latest.
struct PendingHits: Sendable {
    private var perEntry: [String: (count: Int, lastHitAt: Int64)] = [:]
    private var hits = 0

    var isEmpty: Bool { hits == 0 }

    mutating func record(_ digest: String, at hitAt: Int64) {
        Self.add(&perEntry[digest, default: (0, .min)], count: 1, lastHitAt: hitAt)
        hits += 1
    }

    mutating func merge(_ other: PendingHits) {
        for (digest, other) in other.perEntry {
            Self.add(&perEntry[digest, default: (0, .min)], count: other.count, lastHitAt: other.lastHitAt)
        }
        hits += other.hits
    }

    /// In place, so that counting a hit looks its entry up once.
    private static func add(_ pending: inout (count: Int, lastHitAt: Int64), count: Int, lastHitAt: Int64) {
        pending.count += count
        pending.lastHitAt = max(pending.lastHitAt, lastHitAt)
    }

    /// Writes them, inside a transaction. An entry evicted since it was hit is skipped; its
    /// hits still count on the counter.
    func write(_ db: Database) throws {
        guard !isEmpty else { return }
        let bump = try db.cachedStatement(sql: """
            UPDATE entries SET hits = hits + ?, last_hit_at = MAX(COALESCE(last_hit_at, ?), ?) WHERE digest = ?
            """)
        for (digest, pending) in perEntry {
            try bump.execute(arguments: [pending.count, pending.lastHitAt, pending.lastHitAt, digest])
        }
        try Counter.hits.add(hits, db)
    }
}
