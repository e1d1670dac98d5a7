import SluiceLogging
import SluiceRPC
import SluiceWire

extension CatalogService {
    /// Entries of a task (and cache version), recent ones only when asked, newest first.
    func listEntries(_ request: ListEntriesRequest) async throws -> ListEntriesResponse {
        var filter = EntryFilter(taskName: request.taskName, cacheVersion: request.cacheVersion)
        if let maxAge = request.maxAge {
            guard maxAge >= .zero else {
                throw RequestChecks.refusal("list_entries: max_age \(maxAge) is negative", field: "max_age")
            }
            filter.createdAfter = CatalogTime.offset(.now(), by: .zero - maxAge)
        }
        let page = try await store.entries(
            matching: filter, pageToken: request.pageToken, limit: limits.listing(request.limit),
            withOutputs: request.withOutputs)
        return ListEntriesResponse(entries: page.entries, nextPageToken: page.nextPageToken)
    }

    /// One entry by its digest or an unambiguous prefix of it.
    func getEntry(_ request: GetEntryRequest) async throws -> GetEntryResponse {
        let prefix = try RequestChecks.digestPrefix(request.digest, field: "digest", call: "get_entry")
        return GetEntryResponse(entry: try await store.entry(digestPrefix: prefix))
    }

    /// Removes one entry, a task's, an execution's or every entry; how many went.
    func evict(_ request: EvictRequest, context: RPCCallContext) async throws -> EvictResponse {
        let selection: Eviction
        switch request {
        case .digest(let digest):
            selection = .digestPrefix(try RequestChecks.digestPrefix(digest, field: "digest", call: "evict"))
        case .task(let task):
            let name = try RequestChecks.required(task.taskName, field: "task.task_name", call: "evict", what: "task")
            selection = .task(name: name, cacheVersion: task.cacheVersion)
        case .executionID(let id):
            selection = .execution(try RequestChecks.required(id, field: "execution_id", call: "evict", what: "execution"))
        case .everything(true):
            selection = .everything
        case .everything(false):
            throw RequestChecks.refusal(
                "evict: everything is false; set it to true to evict every entry, or name a digest, task or execution",
                field: "everything")
        }
        let evicted = try await store.evict(selection)
        context.logger.info("entries evicted", metadata: [LogKey.count: "\(evicted)", LogKey.eviction: "\(selection)"])
        return EvictResponse(evicted: UInt32(clamping: evicted))
    }
}
