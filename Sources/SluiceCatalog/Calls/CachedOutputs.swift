import SluiceLogging
import SluiceRPC
import SluiceWire

extension CatalogService {
    /// Each key's entry, in key order; a miss has none. Every key is checked before any is
    /// looked up, and all are looked up in one transaction. An entry's key is left out: it is
    /// the result's own, and a fan-out's thousand hits would carry each key twice.
    func lookup(_ request: LookupRequest, context: RPCCallContext) async throws -> LookupResponse {
        let keyed = try request.keys.enumerated().map { index, key in
            try RequestChecks.key(key, field: "keys[\(index)]", call: "lookup")
        }
        let entries = try await store.lookup(digests: keyed.map(\.digest), at: .now())
        context.logger.debug("looked up", metadata: [
            LogKey.count: "\(keyed.count)", LogKey.hits: "\(entries.lazy.filter { $0 != nil }.count)",
        ])
        return LookupResponse(results: zip(keyed, entries).map { keyed, entry in
            LookupResult(key: keyed.key, entry: entry.map { entry in
                var entry = entry
                entry.key = nil
                return entry
            })
        })
    }

    /// Stores each entry under the digest of its key, keeping entries already stored unless
    /// the request overwrites. An entry without a creation time was created now.
    func put(_ request: PutRequest, context: RPCCallContext) async throws -> PutResponse {
        let now = Timestamp.now()
        let entries = try request.entries.enumerated().map { index, entry in
            var entry = entry
            (entry.key, entry.digest) = try RequestChecks.key(entry.key, field: "entries[\(index)].key", call: "put")
            entry.createdAt = entry.createdAt ?? now
            return entry
        }
        let outcome = try await store.put(entries, overwrite: request.overwrite)
        context.logger.debug("stored", metadata: [LogKey.count: "\(outcome.stored)", LogKey.duplicates: "\(outcome.kept)"])
        return PutResponse(stored: UInt32(clamping: outcome.stored), kept: UInt32(clamping: outcome.kept))
    }
}
