import GRDB
import SluiceCore
import SluiceWire

extension SQLiteCatalogStore {
    public func reserve(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp, at now: Timestamp) async throws
        -> ReserveResponse
    {
        let nowNanos = CatalogTime.nanoseconds(now)
        let expiry = CatalogTime.nanoseconds(expiresAt)
        // The key's remembered entry is forgotten meanwhile, as for a lookup, so that a hit
        // counted here and one counted in memory are both kept.
        return try await transaction(forgetting: .digests([digest])) { db, toRemember in
            // A serialized lookup counts as a plain one does: a hit when the entry is there, a
            // miss when the caller is to produce it; waiting on another holder is neither.
            if var stored = try EntryRows.stored(digest, db) {
                try EntryRows.recordHit(&stored, at: nowNanos, db)
                try Counter.hits.add(1, db)
                toRemember.append(stored)
                return .entry(stored.entry)
            }
            let current = try ReservationRow.fetch(digest, db)
            if let current, current.holder != holder, current.expiresAt > nowNanos {
                return .held(current.reservation(of: key))
            }
            // A holder taking its own reservation back (a restarted run) was counted already.
            if current?.holder != holder { try Counter.misses.add(1, db) }
            // Holders that died leave lapsed reservations behind; each grant sweeps away those
            // lapsed long enough that no holder still extends them.
            try db.cachedStatement(sql: "DELETE FROM reservations WHERE expires_at <= ?")
                .execute(arguments: [nowNanos - ReservationRow.keptAfterLapsing])
            let granted = ReservationRow(holder: holder, expiresAt: expiry)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO reservations (digest, holder, expires_at) VALUES (?, ?, ?)")
                .execute(arguments: [digest, holder, expiry])
            return .granted(granted.reservation(of: key))
        }
    }

    public func extendReservation(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp) async throws
        -> Reservation
    {
        let expiry = CatalogTime.nanoseconds(expiresAt)
        return try await transaction { db, _ in
            let short = CacheKeys.shortDigest(digest)
            guard let current = try ReservationRow.fetch(digest, db) else {
                throw ServiceError.failedPrecondition("\(holder) holds no reservation on cache key \(short); reserve it again")
            }
            guard current.holder == holder else {
                throw ServiceError.failedPrecondition(
                    "the reservation on cache key \(short) is held by \(current.holder), not \(holder)")
            }
            try db.cachedStatement(sql: "UPDATE reservations SET expires_at = ? WHERE digest = ?").execute(arguments: [expiry, digest])
            return ReservationRow(holder: holder, expiresAt: expiry).reservation(of: key)
        }
    }

    public func releaseReservation(digest: String, holder: String) async throws -> Bool {
        try await transaction { db, _ in
            try db.cachedStatement(sql: "DELETE FROM reservations WHERE digest = ? AND holder = ?").execute(arguments: [digest, holder])
            return db.changesCount > 0
        }
    }
}

/// A row of the reservations table.
struct ReservationRow {
    var holder: String
    /// Nanoseconds since 1970.
    var expiresAt: Int64

    /// How long, in nanoseconds, a lapsed reservation stays for its holder to extend: an hour,
    /// as long as the longest reservation the catalog grants.
    static let keptAfterLapsing = CatalogTime.nanoseconds(.seconds(3600))

    static func fetch(_ digest: String, _ db: Database) throws -> ReservationRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT holder, expires_at FROM reservations WHERE digest = ?"), arguments: [digest])
            .map { ReservationRow(holder: $0[0], expiresAt: $0[1]) }
    }

    func reservation(of key: CacheKey) -> Reservation {
        Reservation(key: key, holder: holder, expiresAt: CatalogTime.timestamp(nanoseconds: expiresAt))
    }
}
