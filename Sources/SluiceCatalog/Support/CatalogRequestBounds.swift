import SluiceRPC
import SluiceWire

extension CatalogRequest.Call {
    /// The most keys one lookup or put carries: a map node's elements fit, and the longest
    /// such call takes the catalog well under a second. The scheduler sends 250 at a time.
    static let mostKeys = 10_000

    /// Refuses a call with a field over its bound (see ``RequestBounds``) before any work.
    func checkBounds() throws(ServiceError) {
        let bounds = RequestBounds(call: fieldName)
        switch self {
        case .health, .stats:
            break
        case .lookup(let request):
            try bounds.count(request.keys.count, "keys", atMost: Self.mostKeys)
            for (index, key) in request.keys.enumerated() { try bounds.key(key, "keys[\(index)]") }
        case .put(let request):
            try bounds.count(request.entries.count, "entries", atMost: Self.mostKeys)
            for (index, entry) in request.entries.enumerated() { try bounds.key(entry.key, "entries[\(index)].key") }
        case .listEntries(let request):
            try bounds.text(request.taskName, "task_name")
            try bounds.text(request.cacheVersion, "cache_version")
            try bounds.pageToken(request.pageToken)
        case .getEntry(let request):
            try bounds.text(request.digest, "digest")
        case .evict(let request):
            switch request {
            case .digest(let digest): try bounds.text(digest, "digest")
            case .task(let task):
                try bounds.text(task.taskName, "task.task_name")
                try bounds.text(task.cacheVersion, "task.cache_version")
            case .executionID(let id): try bounds.text(id, "execution_id")
            default: break
            }
        case .reserve(let request):
            try bounds.key(request.key, "key")
            try bounds.text(request.holder, "holder", atMost: RequestBounds.textBytes)
        case .extendReservation(let request):
            try bounds.key(request.key, "key")
            try bounds.text(request.holder, "holder", atMost: RequestBounds.textBytes)
        case .releaseReservation(let request):
            try bounds.key(request.key, "key")
            try bounds.text(request.holder, "holder", atMost: RequestBounds.textBytes)
        }
    }
}

extension RequestBounds {
    /// A cache key's parts are ids (the hashes are "sha256:" and 64 hex digits).
    func key(_ key: CacheKey?, _ field: String) throws(ServiceError) {
        guard let key else { return }
        try text(key.taskName, "\(field).task_name")
        try text(key.cacheVersion, "\(field).cache_version")
        try text(key.interfaceHash, "\(field).interface_hash")
        try text(key.inputHash, "\(field).input_hash")
    }
}
