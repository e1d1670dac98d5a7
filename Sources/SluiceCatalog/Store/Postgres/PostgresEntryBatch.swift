import Logging
import PostgresNIO
import SluiceWire

/// A put's entries as one array per column, written by one INSERT over `unnest` however many
/// there are (a map node puts thousands at once).
struct PostgresEntryBatch {
    private var digests: [String] = []
    private var taskNames: [String] = []
    private var cacheVersions: [String] = []
    private var interfaceHashes: [String] = []
    private var inputHashes: [String] = []
    private var executionIDs: [String] = []
    private var nodeIDs: [String] = []
    private var attempts: [Int64] = []
    /// PostgresNIO binds no array holding NULLs: a missing provenance time is false here, and
    /// its produced_at is written NULL.
    private var producedAtGiven: [Bool] = []
    private var producedAt: [Int64] = []
    private var createdAt: [Int64] = []
    private var outputs: [ByteBuffer] = []

    var count: Int { digests.count }

    /// `entries` with their outputs already encoded. One entry per digest is written: a put
    /// that names a digest twice keeps its first unless overwriting, when its last wins, as
    /// writing them one after the other would leave it.
    init(_ entries: [(entry: CacheEntry, outputs: ByteBuffer)], overwrite: Bool) {
        var seen: Set<String> = []
        for (entry, outputs) in overwrite ? entries.reversed() : entries where seen.insert(entry.digest).inserted {
            let key = entry.key ?? CacheKey()
            let provenance = entry.provenance ?? CacheProvenance()
            digests.append(entry.digest)
            taskNames.append(key.taskName)
            cacheVersions.append(key.cacheVersion)
            interfaceHashes.append(key.interfaceHash)
            inputHashes.append(key.inputHash)
            executionIDs.append(provenance.executionID)
            nodeIDs.append(provenance.nodeID)
            attempts.append(Int64(provenance.attempt))
            producedAtGiven.append(provenance.createdAt != nil)
            producedAt.append(provenance.createdAt.map(CatalogTime.nanoseconds) ?? 0)
            createdAt.append(CatalogTime.nanoseconds(entry.createdAt ?? Timestamp(seconds: 0)))
            self.outputs.append(outputs)
        }
    }

    /// Writes the entries: new ones, and in place of stored ones (whose hits start again) when
    /// `overwrite`. How many rows it wrote: those left as they were are not counted. Rows are
    /// written in digest order, so that transactions writing the same entries lock them in
    /// one order and never deadlock.
    func write(overwrite: Bool, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let onConflict = overwrite
            ? """
            DO UPDATE SET task_name = EXCLUDED.task_name, cache_version = EXCLUDED.cache_version,
                interface_hash = EXCLUDED.interface_hash, input_hash = EXCLUDED.input_hash,
                execution_id = EXCLUDED.execution_id, node_id = EXCLUDED.node_id, attempt = EXCLUDED.attempt,
                produced_at = EXCLUDED.produced_at, created_at = EXCLUDED.created_at,
                last_hit_at = NULL, hits = 0, outputs = EXCLUDED.outputs
            """
            : "DO NOTHING"
        let rows = try await connection.query(
            """
            INSERT INTO catalog_entries (
                digest, task_name, cache_version, interface_hash, input_hash, execution_id, node_id, attempt,
                produced_at, created_at, last_hit_at, hits, outputs)
            SELECT digest, task_name, cache_version, interface_hash, input_hash, execution_id, node_id, attempt,
                CASE WHEN produced_at_given THEN produced_at END, created_at, NULL, 0, outputs
            FROM unnest(
                \(digests)::text[], \(taskNames)::text[], \(cacheVersions)::text[], \(interfaceHashes)::text[],
                \(inputHashes)::text[], \(executionIDs)::text[], \(nodeIDs)::text[], \(attempts)::bigint[],
                \(producedAtGiven)::boolean[], \(producedAt)::bigint[], \(createdAt)::bigint[], \(outputs)::bytea[]
            ) AS put(
                digest, task_name, cache_version, interface_hash, input_hash, execution_id, node_id, attempt,
                produced_at_given, produced_at, created_at, outputs)
            ORDER BY digest
            ON CONFLICT (digest) \(unescaped: onConflict)
            RETURNING digest
            """,
            logger: logger)
        var written = 0
        for try await _ in rows.decode(String.self) { written += 1 }
        return written
    }
}
