import SluiceWire

/// Where the catalog keeps its entries, reservations and counters. ``CatalogService`` speaks
/// only to this protocol, so another database can take SQLite's place without touching the
/// service.
///
/// Entries are named by their digest (`CacheKeys.digest(of:)`), which the service computes
/// and passes in. Each method is one transaction. Refusals that depend on what is stored (an
/// unknown or ambiguous digest prefix, a reservation someone else holds, a page token this
/// store never issued) are thrown as ``ServiceError``s naming what was wrong; anything else
/// thrown is a failure of the store itself.
public protocol CatalogStore: Sendable {
    /// What kind of store this is and where, for the health reply ("sqlite", its path).
    var healthDetails: [String: String] { get }

    // MARK: Entries

    /// The entry under each digest, in order, nil for a miss. A hit counts on its entry (hits,
    /// last hit at `now`, as returned) and on the hit counter; a miss on the miss counter. A
    /// store may write hit counts a moment later, but its own reads always include them.
    func lookup(digests: [String], at now: Timestamp) async throws -> [CacheEntry?]

    /// Stores entries (digest, key and creation time set) in order. An entry whose digest is
    /// stored already is kept unless `overwrite`, which replaces it and its hit count. Each
    /// stored entry releases any reservation on its digest and counts on the put counter.
    func put(_ entries: [CacheEntry], overwrite: Bool) async throws -> PutOutcome

    /// Entries matching the filter, newest first; outputs left out unless `withOutputs`.
    func entries(matching filter: EntryFilter, pageToken: String, limit: Int, withOutputs: Bool) async throws -> EntryPage

    /// The one entry whose digest starts with `prefix` ("sha256:" and lowercase hex digits).
    /// Throws NOT_FOUND when none does and INVALID_ARGUMENT, saying how many, when several do.
    func entry(digestPrefix prefix: String) async throws -> CacheEntry

    /// Removes the entries selected; how many went. A digest prefix that matches nothing is
    /// NOT_FOUND, one that matches several INVALID_ARGUMENT.
    func evict(_ selection: Eviction) async throws -> Int

    /// Entry count, the counters, and reservations unexpired at `now`.
    func stats(at now: Timestamp) async throws -> CatalogStatsResponse

    // MARK: Reservations

    /// The entry under `digest` when there is one; else the reservation of another holder
    /// unexpired at `now`, as held; else `holder` takes (or renews) the reservation until
    /// `expiresAt`, as granted. `key` is what the reply names.
    func reserve(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp, at now: Timestamp) async throws
        -> ReserveResponse

    /// Moves the expiry of `holder`'s reservation on `digest` (lapsed or not) to `expiresAt`.
    /// Throws FAILED_PRECONDITION naming who holds it when `holder` does not.
    func extendReservation(_ key: CacheKey, digest: String, holder: String, until expiresAt: Timestamp) async throws
        -> Reservation

    /// Removes `holder`'s reservation on `digest`, lapsed or not; whether there was one.
    func releaseReservation(digest: String, holder: String) async throws -> Bool

    // MARK: Shutdown

    /// Writes the hit counts it holds in memory and has not written yet, at once.
    func writePendingHits() async throws
}

extension CatalogStore {
    /// A store that writes every hit as it counts it has nothing to write.
    public func writePendingHits() async throws {}
}

/// What a put did.
public struct PutOutcome: Sendable, Hashable {
    /// Entries written (new, or replacing one when overwriting).
    public var stored: Int
    /// Entries already stored and left as they were.
    public var kept: Int

    public init(stored: Int, kept: Int) {
        self.stored = stored
        self.kept = kept
    }
}

/// Which entries a listing returns; empty parts match everything.
public struct EntryFilter: Sendable, Hashable {
    public var taskName: String
    /// Only with a task name.
    public var cacheVersion: String
    /// Only entries created after this.
    public var createdAfter: Timestamp?

    public init(taskName: String = "", cacheVersion: String = "", createdAfter: Timestamp? = nil) {
        self.taskName = taskName
        self.cacheVersion = cacheVersion
        self.createdAfter = createdAfter
    }
}

/// Which entries an eviction removes.
public enum Eviction: Sendable, Hashable {
    /// The one entry whose digest starts with this ("sha256:" and lowercase hex digits).
    case digestPrefix(String)
    /// A task's entries; of one cache version unless `cacheVersion` is empty.
    case task(name: String, cacheVersion: String)
    /// Entries whose provenance is this execution.
    case execution(String)
    case everything
}

/// One page of a listing. An empty token means there is nothing after it.
public struct EntryPage: Sendable, Hashable {
    public var entries: [CacheEntry]
    public var nextPageToken: String

    public init(entries: [CacheEntry], nextPageToken: String) {
        self.entries = entries
        self.nextPageToken = nextPageToken
    }
}
