import Foundation
import GRDB
import SluiceWire

extension SQLiteCatalogStore {
    public func lookup(digests: [String], at now: Timestamp) async throws -> [CacheEntry?] {
        if digests.isEmpty { return [] }
        let hitAt = CatalogTime.nanoseconds(now)
        if let hits = remembered.hitAll(digests, at: hitAt) {
            if hits.scheduleWrite { writeHitsBehind() }
            return hits.entries
        }
        // One transaction for the whole batch: a map node's thousands of keys cost one commit.
        // The keys' entries are forgotten meanwhile, so that no hit in memory goes uncounted
        // here, and remembered again as this reads them.
        return try await transaction(forgetting: .digests(digests)) { db, toRemember in
            var results: [CacheEntry?] = []
            results.reserveCapacity(digests.count)
            for digest in digests {
                guard var stored = try EntryRows.stored(digest, db) else {
                    results.append(nil)
                    continue
                }
                try EntryRows.recordHit(&stored, at: hitAt, db)
                toRemember.append(stored)
                results.append(stored.entry)
            }
            let hits = toRemember.count
            try Counter.hits.add(hits, db)
            try Counter.misses.add(results.count - hits, db)
            return results
        }
    }

    public func put(_ entries: [CacheEntry], overwrite: Bool) async throws -> PutOutcome {
        let outputs = try entries.map(EntryRows.encodedOutputs)
        return try await transaction(forgetting: overwrite ? .digests(entries.map(\.digest)) : .none) { db, toRemember in
            let release = try db.cachedStatement(sql: "DELETE FROM reservations WHERE digest = ?")
            var stored = 0
            for (entry, outputs) in zip(entries, outputs) {
                // Whoever reserved the key to produce it is done once it is in, whoever put it.
                try release.execute(arguments: [entry.digest])
                if !overwrite, try EntryRows.exists(entry.digest, db) { continue }
                try EntryRows.write(entry, outputs: outputs, db)
                toRemember.append((EntryRows.asWritten(entry), outputs.count))
                stored += 1
            }
            try Counter.puts.add(stored, db)
            return PutOutcome(stored: stored, kept: entries.count - stored)
        }
    }

    public func entries(matching filter: EntryFilter, pageToken: String, limit: Int, withOutputs: Bool) async throws -> EntryPage {
        let after = try ListingPosition(pageToken: pageToken)
        return try await readCurrent { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !filter.taskName.isEmpty {
                conditions.append("task_name = ?")
                arguments += [filter.taskName]
            }
            if !filter.cacheVersion.isEmpty {
                conditions.append("cache_version = ?")
                arguments += [filter.cacheVersion]
            }
            if let createdAfter = filter.createdAfter {
                conditions.append("created_at > ?")
                arguments += [CatalogTime.nanoseconds(createdAfter)]
            }
            if let after {
                conditions.append("(created_at < ? OR (created_at = ? AND digest < ?))")
                arguments += [after.createdAt, after.createdAt, after.digest]
            }
            let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit + 1]
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT \(EntryRows.columns(withOutputs: withOutputs)) FROM entries \(filtering)
                    ORDER BY created_at DESC, digest DESC LIMIT ?
                    """),
                arguments: arguments)
            let entries = try rows.prefix(limit).map { try EntryRows.entry(from: $0, withOutputs: withOutputs) }
            let next = rows.count > limit ? entries.last.map(ListingPosition.init(after:))?.pageToken : nil
            return EntryPage(entries: entries, nextPageToken: next ?? "")
        }
    }

    public func entry(digestPrefix prefix: String) async throws -> CacheEntry {
        try await readCurrent { db in
            let digest = try EntryRows.resolve(prefix: prefix, db)
            guard let stored = try EntryRows.stored(digest, db) else {
                throw ServiceError.notFound("no cache entry has digest \(digest)")
            }
            return stored.entry
        }
    }

    public func evict(_ selection: Eviction) async throws -> Int {
        // Evictions are rare: each forgets every remembered entry rather than work out which.
        try await transaction(forgetting: .all) { db, _ in
            switch selection {
            case .digestPrefix(let prefix):
                let digest = try EntryRows.resolve(prefix: prefix, db)
                try db.execute(sql: "DELETE FROM entries WHERE digest = ?", arguments: [digest])
            case .task(name: let name, cacheVersion: ""):
                try db.execute(sql: "DELETE FROM entries WHERE task_name = ?", arguments: [name])
            case .task(name: let name, cacheVersion: let cacheVersion):
                try db.execute(sql: "DELETE FROM entries WHERE task_name = ? AND cache_version = ?", arguments: [name, cacheVersion])
            case .execution(let executionID):
                try db.execute(sql: "DELETE FROM entries WHERE execution_id = ?", arguments: [executionID])
            case .everything:
                try db.execute(sql: "DELETE FROM entries")
            }
            return db.changesCount
        }
    }

    public func stats(at now: Timestamp) async throws -> CatalogStatsResponse {
        try await readCurrent { db in
            let counters = try Counter.values(db)
            let entries = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0
            let reservations = try Int64.fetchOne(
                db, sql: "SELECT COUNT(*) FROM reservations WHERE expires_at > ?", arguments: [CatalogTime.nanoseconds(now)]) ?? 0
            return CatalogStatsResponse(
                entries: UInt64(entries), hits: counters[.hits] ?? 0, misses: counters[.misses] ?? 0,
                puts: counters[.puts] ?? 0, activeReservations: UInt64(reservations))
        }
    }
}

/// Where a page of a listing ended: the last entry's creation time and digest, which order
/// entries newest first. Its token is "<created_at nanoseconds>/<digest>".
struct ListingPosition {
    var createdAt: Int64
    var digest: String

    init(after entry: CacheEntry) {
        createdAt = CatalogTime.nanoseconds(entry.createdAt ?? Timestamp(seconds: 0))
        digest = entry.digest
    }

    /// Nil for the empty token (the first page).
    init?(pageToken: String) throws {
        if pageToken.isEmpty { return nil }
        let parts = pageToken.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let createdAt = Int64(parts[0]), parts[1].hasPrefix("sha256:") else {
            throw ServiceError.invalidArgument(
                "page_token '\(pageToken)' is not a token this listing issued",
                details: [ErrorDetail(message: "not a token this listing issued", field: "page_token")])
        }
        self.createdAt = createdAt
        self.digest = String(parts[1])
    }

    var pageToken: String { "\(createdAt)/\(digest)" }
}
