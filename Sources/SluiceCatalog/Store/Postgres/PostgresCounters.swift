import Logging
import PostgresNIO

/// The catalog's running totals in PostgreSQL: hits, misses and puts.
///
/// Nearly every write transaction adds to them, from every catalog sharing the database. One
/// row per total would make each such transaction wait on the others for that row until it
/// commits, and a transaction adding to two rows could deadlock with one adding to them in the
/// other order. So the totals live in a few shard rows, each holding all three: a transaction
/// adds to one shard chosen at random, in one statement, last before it commits; the totals
/// are the sums over the shards.
enum PostgresCounters {
    static let shards = 16

    /// Adds to the totals, inside the caller's transaction.
    static func add(hits: Int = 0, misses: Int = 0, puts: Int = 0, _ connection: PostgresConnection, logger: Logger) async throws {
        guard hits > 0 || misses > 0 || puts > 0 else { return }
        let shard = Int32.random(in: 0..<Int32(shards))
        try await connection.query(
            """
            INSERT INTO catalog_counters AS c (shard, hits, misses, puts)
            VALUES (\(shard), \(Int64(hits)), \(Int64(misses)), \(Int64(puts)))
            ON CONFLICT (shard) DO UPDATE
            SET hits = c.hits + EXCLUDED.hits, misses = c.misses + EXCLUDED.misses, puts = c.puts + EXCLUDED.puts
            """,
            logger: logger)
    }
}
