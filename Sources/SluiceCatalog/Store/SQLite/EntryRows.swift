import Foundation
import GRDB
import SluiceWire

/// Reading and writing rows of the entries table.
enum EntryRows {
    /// Every column but outputs, in the order ``entry(from:withOutputs:)`` reads them.
    private static let described = """
        digest, task_name, cache_version, interface_hash, input_hash, execution_id, node_id, attempt, \
        produced_at, created_at, last_hit_at, hits
        """

    /// The column list of a SELECT that ``entry(from:withOutputs:)`` reads; outputs come last.
    static func columns(withOutputs: Bool) -> String {
        withOutputs ? described + ", outputs" : described
    }

    static func entry(from row: Row, withOutputs: Bool) throws -> CacheEntry {
        var entry = CacheEntry(
            key: CacheKey(taskName: row[1], cacheVersion: row[2], interfaceHash: row[3], inputHash: row[4]),
            digest: row[0],
            provenance: provenance(executionID: row[5], nodeID: row[6], attempt: row[7], producedAt: row[8]),
            createdAt: CatalogTime.timestamp(nanoseconds: row[9]),
            lastHitAt: (row[10] as Int64?).map { CatalogTime.timestamp(nanoseconds: $0) },
            hits: UInt64(max(row[11] as Int64, 0)))
        if withOutputs { entry.outputs = try outputs(in: row, at: 12, digest: entry.digest) }
        return entry
    }

    /// The stored entry under `digest`, outputs included, with the size of its stored outputs.
    static func stored(_ digest: String, _ db: Database) throws -> (entry: CacheEntry, outputBytes: Int)? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns(withOutputs: true)) FROM entries WHERE digest = ?"), arguments: [digest])
        else { return nil }
        return (try entry(from: row, withOutputs: true), try row.withUnsafeData(atIndex: 12) { $0?.count ?? 0 })
    }

    /// Counts a hit on the stored entry `stored`, in its row and in the copy in hand.
    static func recordHit(_ stored: inout (entry: CacheEntry, outputBytes: Int), at nanoseconds: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE entries SET hits = hits + 1, last_hit_at = ? WHERE digest = ?")
            .execute(arguments: [nanoseconds, stored.entry.digest])
        stored.entry.hits += 1
        stored.entry.lastHitAt = CatalogTime.timestamp(nanoseconds: nanoseconds)
    }

    /// `entry` as reading it back after ``write(_:outputs:_:)`` gives it.
    static func asWritten(_ entry: CacheEntry) -> CacheEntry {
        let given = entry.provenance ?? CacheProvenance()
        let createdAt = CatalogTime.nanoseconds(entry.createdAt ?? Timestamp(seconds: 0))
        return CacheEntry(
            key: entry.key ?? CacheKey(), digest: entry.digest, outputs: entry.outputs,
            provenance: provenance(
                executionID: given.executionID, nodeID: given.nodeID, attempt: Int64(given.attempt),
                producedAt: given.createdAt.map(CatalogTime.nanoseconds)),
            createdAt: CatalogTime.timestamp(nanoseconds: createdAt))
    }

    /// An entry put without provenance has none when read back.
    private static func provenance(executionID: String, nodeID: String, attempt: Int64, producedAt: Int64?) -> CacheProvenance? {
        let provenance = CacheProvenance(
            executionID: executionID, nodeID: nodeID, attempt: UInt32(clamping: attempt),
            createdAt: producedAt.map { CatalogTime.timestamp(nanoseconds: $0) })
        return provenance == CacheProvenance() ? nil : provenance
    }

    static func exists(_ digest: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM entries WHERE digest = ?"), arguments: [digest]) ?? false
    }

    /// The bytes an entry's outputs are stored as; encoded before a transaction, so the one
    /// writer spends its time on the database only.
    static func encodedOutputs(of entry: CacheEntry) throws -> Data {
        Data(try LiteralMap(literals: entry.outputs).serializedBytes())
    }

    /// Writes `entry`, with its outputs already encoded, as new or in place of the stored one
    /// (whose hits start again).
    static func write(_ entry: CacheEntry, outputs: Data, _ db: Database) throws {
        let key = entry.key ?? CacheKey()
        let provenance = entry.provenance ?? CacheProvenance()
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO entries (
                digest, task_name, cache_version, interface_hash, input_hash, execution_id, node_id, attempt,
                produced_at, created_at, last_hit_at, hits, outputs
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)
            """).execute(arguments: [
                entry.digest, key.taskName, key.cacheVersion, key.interfaceHash, key.inputHash,
                provenance.executionID, provenance.nodeID, Int64(provenance.attempt),
                provenance.createdAt.map(CatalogTime.nanoseconds), CatalogTime.nanoseconds(entry.createdAt ?? Timestamp(seconds: 0)), outputs,
            ])
    }

    /// The one digest starting with `prefix`. Hex digits sort before "g", so every digest with
    /// the prefix lies in [prefix, prefix + "g"): a range the primary key's index answers.
    static func resolve(prefix: String, _ db: Database) throws -> String {
        let range: StatementArguments = [prefix, prefix + "g"]
        let found = try String.fetchAll(
            db.cachedStatement(sql: "SELECT digest FROM entries WHERE digest >= ? AND digest < ? LIMIT 2"), arguments: range)
        switch found.count {
        case 0:
            throw StoredEntries.noEntry(startingWith: prefix)
        case 1:
            return found[0]
        default:
            let count = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM entries WHERE digest >= ? AND digest < ?"), arguments: range) ?? 2
            throw StoredEntries.ambiguous(prefix, count: count)
        }
    }

    private static func outputs(in row: Row, at index: Int, digest: String) throws -> [String: Literal] {
        let bytes = try row.withUnsafeData(atIndex: index) { $0.map { [UInt8]($0) } } ?? []
        do {
            return try LiteralMap(serializedBytes: bytes, limits: StoredEntries.outputLimits).literals
        } catch {
            throw CatalogStoreCorruption("the outputs of cache entry \(digest) cannot be read: \(error)")
        }
    }
}

/// The database holds something this service could not have written.
struct CatalogStoreCorruption: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "the catalog database is damaged: \(description)" }
}
