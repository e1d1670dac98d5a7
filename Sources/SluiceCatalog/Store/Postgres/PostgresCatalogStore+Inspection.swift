import PostgresNIO
import SluiceWire

extension PostgresCatalogStore {
    public func entries(matching filter: EntryFilter, pageToken: String, limit: Int, withOutputs: Bool) async throws -> EntryPage {
        // Tokens are SQLite's, "<created_at nanoseconds>/<digest>", refused alike when foreign.
        let after = try ListingPosition(pageToken: pageToken)
        var binds = PostgresBindings()
        func parameter(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions: [String] = []
        if !filter.taskName.isEmpty { conditions.append("task_name = \(parameter(filter.taskName))") }
        if !filter.cacheVersion.isEmpty { conditions.append("cache_version = \(parameter(filter.cacheVersion))") }
        if let createdAfter = filter.createdAfter {
            conditions.append("created_at > \(parameter(CatalogTime.nanoseconds(createdAfter)))")
        }
        if let after {
            conditions.append("(created_at, digest) < (\(parameter(after.createdAt)), \(parameter(after.digest)))")
        }
        let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Every value is a bound parameter; the text holds only the store's own fragments.
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresEntryRows.columns(withOutputs: withOutputs)) FROM catalog_entries \(filtering)
                ORDER BY created_at DESC, digest DESC LIMIT \(parameter(Int64(limit) + 1))
                """,
            binds: binds)
        var entries: [CacheEntry] = []
        var more = false
        for try await row in try await database.client.query(query, logger: logger) {
            guard entries.count < limit else {
                more = true
                continue
            }
            entries.append(try PostgresEntryRows.entry(from: row, withOutputs: withOutputs))
        }
        let next = more ? entries.last.map(ListingPosition.init(after:))?.pageToken : nil
        return EntryPage(entries: entries, nextPageToken: next ?? "")
    }

    public func entry(digestPrefix prefix: String) async throws -> CacheEntry {
        try await database.client.withConnection { connection in
            let row = try await PostgresDigestPrefixes.one(
                startingWith: prefix, columns: PostgresEntryRows.columns(withOutputs: true), locking: false, connection, logger: logger)
            return try PostgresEntryRows.entry(from: row, withOutputs: true)
        }
    }

    public func evict(_ selection: Eviction) async throws -> Int {
        try await transaction { connection in
            let deletion: PostgresQuery
            switch selection {
            case .digestPrefix(let prefix):
                let row = try await PostgresDigestPrefixes.one(
                    startingWith: prefix, columns: "digest", locking: true, connection, logger: logger)
                let digest = try row.decode(String.self)
                deletion = "DELETE FROM catalog_entries WHERE digest = \(digest) RETURNING 1"
            case .task(name: let name, cacheVersion: ""):
                deletion = "DELETE FROM catalog_entries WHERE task_name = \(name) RETURNING 1"
            case .task(name: let name, cacheVersion: let cacheVersion):
                deletion = "DELETE FROM catalog_entries WHERE task_name = \(name) AND cache_version = \(cacheVersion) RETURNING 1"
            case .execution(let executionID):
                deletion = "DELETE FROM catalog_entries WHERE execution_id = \(executionID) RETURNING 1"
            case .everything:
                deletion = "DELETE FROM catalog_entries RETURNING 1"
            }
            // Counted where they are deleted: an eviction of everything sends one number back.
            let counting = PostgresQuery(unsafeSQL: "WITH gone AS (\(deletion.sql)) SELECT count(*) FROM gone", binds: deletion.binds)
            var evicted = 0
            for try await count in try await connection.query(counting, logger: logger).decode(Int64.self) { evicted = Int(count) }
            return evicted
        }
    }

    public func stats(at now: Timestamp) async throws -> CatalogStatsResponse {
        // One statement, so that its numbers are of one moment.
        let rows = try await database.client.query(
            """
            SELECT
                (SELECT count(*) FROM catalog_entries),
                (SELECT COALESCE(SUM(hits), 0)::BIGINT FROM catalog_counters),
                (SELECT COALESCE(SUM(misses), 0)::BIGINT FROM catalog_counters),
                (SELECT COALESCE(SUM(puts), 0)::BIGINT FROM catalog_counters),
                (SELECT count(*) FROM catalog_reservations WHERE expires_at > \(CatalogTime.nanoseconds(now)))
            """,
            logger: logger)
        var stats = CatalogStatsResponse()
        for try await (entries, hits, misses, puts, reservations) in rows.decode((Int64, Int64, Int64, Int64, Int64).self) {
            stats = CatalogStatsResponse(
                entries: UInt64(max(entries, 0)), hits: UInt64(max(hits, 0)), misses: UInt64(max(misses, 0)),
                puts: UInt64(max(puts, 0)), activeReservations: UInt64(max(reservations, 0)))
        }
        return stats
    }
}
