import Synchronization
import SluiceCore
import SluiceWire

/// The in-process runner's catalog: cached outputs kept in memory, shared by every run of one
/// ``LocalRunner`` (and its copies), so a test can see a second run hit the cache.
final class LocalCache: Sendable {
    private let entries = Mutex<[String: CacheEntry]>([:])

    func lookUp(_ key: CacheKey) -> CacheEntry? {
        entries.withLock { $0[CacheKeys.digest(of: key)] }
    }

    func put(_ entry: CacheEntry, overwrite: Bool) {
        guard let key = entry.key else { return }
        let digest = CacheKeys.digest(of: key)
        entries.withLock { entries in
            if overwrite || entries[digest] == nil { entries[digest] = entry }
        }
    }
}
