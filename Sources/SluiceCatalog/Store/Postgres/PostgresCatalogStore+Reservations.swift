import PostgresNIO
import SluiceCore
import SluiceWire

extension PostgresCatalogStore {
    public func reserve(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp, at now: Timestamp) async throws
        -> ReserveResponse
    {
        let nowNanos = CatalogTime.nanoseconds(now)
        let expiry = CatalogTime.nanoseconds(expiresAt)
        return try await transaction { connection in
            // No put of the key, and no other reserve of it, until this commits.
            try await PostgresReservationLocks.lockForReserving(digest, connection, logger: logger)
            // A serialized lookup counts as a plain one does: a hit when the entry is there, a
            // miss when the caller is to produce it; waiting on another holder is neither.
            let hit = try await connection.query(
                """
                UPDATE catalog_entries SET hits = hits + 1, last_hit_at = \(nowNanos) WHERE digest = \(digest)
                RETURNING \(unescaped: PostgresEntryRows.columns(withOutputs: true))
                """,
                logger: logger
            ).collect()
            if let row = hit.first {
                try await PostgresCounters.add(hits: 1, connection, logger: logger)
                return .entry(try PostgresEntryRows.entry(from: row, withOutputs: true))
            }
            let current = try await Self.reservation(on: digest, connection, logger: logger)
            if let current, current.holder != holder, current.expiresAt > nowNanos {
                return .held(current.reservation(of: key))
            }
            // Holders that died leave lapsed reservations behind; each grant sweeps away a
            // bounded number of those lapsed long enough that no holder still extends them,
            // skipping any another transaction holds rather than wait for it.
            try await connection.query(
                """
                DELETE FROM catalog_reservations WHERE digest IN (
                    SELECT digest FROM catalog_reservations WHERE expires_at <= \(nowNanos - ReservationRow.keptAfterLapsing)
                    LIMIT 1000 FOR UPDATE SKIP LOCKED)
                """,
                logger: logger)
            try await connection.query(
                """
                INSERT INTO catalog_reservations (digest, holder, expires_at) VALUES (\(digest), \(holder), \(expiry))
                ON CONFLICT (digest) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                """,
                logger: logger)
            // A holder taking its own reservation back (a restarted run) was counted already.
            if current?.holder != holder { try await PostgresCounters.add(misses: 1, connection, logger: logger) }
            return .granted(ReservationRow(holder: holder, expiresAt: expiry).reservation(of: key))
        }
    }

    public func extendReservation(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp) async throws
        -> Reservation
    {
        let expiry = CatalogTime.nanoseconds(expiresAt)
        return try await transaction { connection in
            let short = CacheKeys.shortDigest(digest)
            guard let current = try await Self.reservation(on: digest, connection, logger: logger) else {
                throw ServiceError.failedPrecondition("\(holder) holds no reservation on cache key \(short); reserve it again")
            }
            guard current.holder == holder else {
                throw ServiceError.failedPrecondition(
                    "the reservation on cache key \(short) is held by \(current.holder), not \(holder)")
            }
            try await connection.query(
                "UPDATE catalog_reservations SET expires_at = \(expiry) WHERE digest = \(digest)", logger: logger)
            return ReservationRow(holder: holder, expiresAt: expiry).reservation(of: key)
        }
    }

    public func releaseReservation(digest: String, holder: String) async throws -> Bool {
        let released = try await database.client.query(
            "DELETE FROM catalog_reservations WHERE digest = \(digest) AND holder = \(holder) RETURNING 1", logger: logger
        ).collect()
        return !released.isEmpty
    }

    /// The reservation on `digest`, locked until the transaction ends.
    private static func reservation(on digest: String, _ connection: PostgresConnection, logger: Logger) async throws
        -> ReservationRow?
    {
        let rows = try await connection.query(
            "SELECT holder, expires_at FROM catalog_reservations WHERE digest = \(digest) FOR UPDATE", logger: logger)
        var found: ReservationRow?
        for try await (holder, expiresAt) in rows.decode((String, Int64).self) {
            found = ReservationRow(holder: holder, expiresAt: expiresAt)
        }
        return found
    }
}
