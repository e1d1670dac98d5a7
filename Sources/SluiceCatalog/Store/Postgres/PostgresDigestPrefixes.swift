import Logging
import PostgresNIO
import SluiceWire

/// Finding the one entry a digest prefix names, as ``EntryRows/resolve(prefix:_:)`` does for
/// SQLite and refusing as it refuses.
enum PostgresDigestPrefixes {
    /// The row of `columns` of the one entry whose digest starts with `prefix`, locked until the
    /// transaction ends when `locking`. Hex digits sort before "g" and digests compare byte by
    /// byte, so every digest with the prefix lies in [prefix, prefix + "g"): a range the
    /// primary key's index answers. Throws NOT_FOUND for none, INVALID_ARGUMENT for several.
    static func one(
        startingWith prefix: String, columns: String, locking: Bool, _ connection: PostgresConnection, logger: Logger
    ) async throws -> PostgresRow {
        let upper = prefix + "g"
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM catalog_entries WHERE digest >= \(prefix) AND digest < \(upper)
            ORDER BY digest LIMIT 2 \(unescaped: locking ? "FOR UPDATE" : "")
            """,
            logger: logger
        ).collect()
        switch rows.count {
        case 0:
            throw StoredEntries.noEntry(startingWith: prefix)
        case 1:
            return rows[0]
        default:
            var count = 2
            let counted = try await connection.query(
                "SELECT count(*) FROM catalog_entries WHERE digest >= \(prefix) AND digest < \(upper)", logger: logger)
            for try await total in counted.decode(Int64.self) { count = Int(total) }
            throw StoredEntries.ambiguous(prefix, count: count)
        }
    }
}
