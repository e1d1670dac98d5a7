import PostgresNIO
import SluiceWire

/// Reading rows of the catalog_entries table into entries, as ``EntryRows`` does for SQLite.
enum PostgresEntryRows {
    private static let described = [
        "digest", "task_name", "cache_version", "interface_hash", "input_hash", "execution_id", "node_id", "attempt",
        "produced_at", "created_at", "last_hit_at", "hits",
    ]

    /// The column list of a SELECT (or RETURNING) that ``entry(from:withOutputs:)`` reads;
    /// outputs come last. `table` qualifies each column where another table in the statement
    /// has columns of the same names.
    static func columns(withOutputs: Bool, table: String? = nil) -> String {
        let names = withOutputs ? described + ["outputs"] : described
        let qualifier = table.map { "\($0)." } ?? ""
        return names.map { qualifier + $0 }.joined(separator: ", ")
    }

    static func entry(from row: PostgresRow, withOutputs: Bool) throws -> CacheEntry {
        let cells = row.makeRandomAccess()
        let digest = try cells[0].decode(String.self)
        var entry = CacheEntry(
            key: CacheKey(
                taskName: try cells[1].decode(String.self), cacheVersion: try cells[2].decode(String.self),
                interfaceHash: try cells[3].decode(String.self), inputHash: try cells[4].decode(String.self)),
            digest: digest,
            provenance: provenance(
                executionID: try cells[5].decode(String.self), nodeID: try cells[6].decode(String.self),
                attempt: try cells[7].decode(Int64.self), producedAt: try cells[8].decode(Int64?.self)),
            createdAt: CatalogTime.timestamp(nanoseconds: try cells[9].decode(Int64.self)),
            lastHitAt: try cells[10].decode(Int64?.self).map { CatalogTime.timestamp(nanoseconds: $0) },
            hits: UInt64(max(try cells[11].decode(Int64.self), 0)))
        if withOutputs { entry.outputs = try outputs(try cells[12].decode(ByteBuffer.self), digest: digest) }
        return entry
    }

    /// An entry put without provenance has none when read back.
    private static func provenance(executionID: String, nodeID: String, attempt: Int64, producedAt: Int64?) -> CacheProvenance? {
        let provenance = CacheProvenance(
            executionID: executionID, nodeID: nodeID, attempt: UInt32(clamping: attempt),
            createdAt: producedAt.map { CatalogTime.timestamp(nanoseconds: $0) })
        return provenance == CacheProvenance() ? nil : provenance
    }

    private static func outputs(_ bytes: ByteBuffer, digest: String) throws -> [String: Literal] {
        do {
            return try LiteralMap(serializedBytes: Array(bytes.readableBytesView), limits: StoredEntries.outputLimits).literals
        } catch {
            throw CatalogStoreCorruption("the outputs of cache entry \(digest) cannot be read: \(error)")
        }
    }
}
