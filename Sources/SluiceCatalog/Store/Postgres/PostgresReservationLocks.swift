import Logging
import PostgresNIO

/// The locks that keep reserving a key and putting its entry apart.
///
/// A reservation is granted only while its key has no entry, and putting the entry releases
/// it. Between catalogs sharing the database, a reserve that looked for the entry before a
/// put committed it, and wrote its reservation after that put's release looked, would leave a
/// reservation on a populated key. Row locks cannot keep them apart: neither the entry nor the
/// reservation need exist yet. So both take a transaction-level advisory lock on the key's
/// bucket first: a reserve exclusively on its one, a put shared on those of its keys, so that
/// puts never wait for one another.
///
/// Keys share 64 buckets, which bounds the locks a put of thousands of entries takes:
/// PostgreSQL's lock table holds only so many (`max_locks_per_transaction` per connection).
/// Puts take theirs in bucket order, so that they never deadlock with a reserve.
enum PostgresReservationLocks {
    private static let bucketMask: Int32 = 63

    /// Held until the transaction ends: no put of `digest` runs meanwhile.
    static func lockForReserving(_ digest: String, _ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtext('sluice.catalog.reservations'), hashtext(\(digest)) & \(bucketMask))",
            logger: logger)
        for try await _ in rows {}
    }

    /// Held until the transaction ends: no reserve of any of `digests` runs meanwhile.
    static func lockForPutting(_ digests: [String], _ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            SELECT pg_advisory_xact_lock_shared(hashtext('sluice.catalog.reservations'), bucket)
            FROM (
                SELECT DISTINCT hashtext(digest) & \(bucketMask) AS bucket FROM unnest(\(digests)::text[]) AS put(digest)
                ORDER BY bucket
            ) AS buckets
            """,
            logger: logger)
        for try await _ in rows {}
    }
}
