import SluiceRPC
import SluiceWire

/// The catalog's cached task outputs: list, read and evict entries, and its statistics.
/// Each node's cache status and a hit's provenance come with the node (``SluiceClient/nodes(of:)``).
public final class SluiceCache: Sendable {
    public let catalog: CatalogClient
    public let timeout: Duration

    /// Dials the catalog at `endpoints.catalog`; nothing waits for it until a call is made.
    public init(endpoints: SluiceEndpoints = SluiceEndpoints(), token: String? = nil, timeout: Duration = .seconds(10)) throws(ServiceError) {
        self.catalog = try CatalogClient(address: endpoints.catalog, token: token ?? SluiceCredentials.token(for: .client, reaching: [endpoints.catalog]), options: endpoints.clientOptions)
        self.timeout = timeout
    }

    public func close() async { await catalog.close() }

    /// Entries, newest first, optionally of one task (and cache version) or younger than `maxAge`.
    public func entries(task: String = "", version: String = "", maxAge: Duration? = nil, limit: Int = 100) async throws -> [CacheEntry] {
        let request = ListEntriesRequest(taskName: task, cacheVersion: version, maxAge: maxAge, limit: UInt32(clamping: limit))
        return try await catalog.call(.listEntries(request), timeout: timeout) {
            if case .listEntries(let reply) = $0 { reply.entries } else { nil }
        }
    }

    /// One entry with its outputs, by digest or an unambiguous prefix of it.
    public func entry(_ digest: String) async throws -> CacheEntry {
        try await catalog.call(.getEntry(GetEntryRequest(digest: digest)), timeout: timeout) {
            if case .getEntry(let reply) = $0 { reply.entry } else { nil }
        }
    }

    /// What to evict.
    public enum Eviction: Sendable {
        case entry(digest: String)
        case task(name: String, version: String = "")
        case execution(id: String)
        case everything
    }

    /// Removes entries; returns how many.
    public func evict(_ eviction: Eviction) async throws -> Int {
        let request: EvictRequest = switch eviction {
        case .entry(let digest): .digest(digest)
        case .task(let name, let version): .task(TaskCacheVersion(taskName: name, cacheVersion: version))
        case .execution(let id): .executionID(id)
        case .everything: .everything(true)
        }
        return try await catalog.call(.evict(request), timeout: timeout) {
            if case .evict(let reply) = $0 { Int(reply.evicted) } else { nil }
        }
    }

    public func stats() async throws -> CatalogStatsResponse {
        try await catalog.call(.stats(CatalogStatsRequest()), timeout: timeout) {
            if case .stats(let reply) = $0 { reply } else { nil }
        }
    }
}
