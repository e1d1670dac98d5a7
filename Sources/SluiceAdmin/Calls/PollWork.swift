import SluiceRPC
import SluiceWire

extension AdminService {
    /// The scheduler's work feed after a cursor: new executions, abort requests and signals, in order.
    /// With `wait_ms` and nothing new yet, waits for the first item.
    func pollWork(_ request: PollWorkRequest, context: RPCCallContext) async throws -> PollWorkResponse {
        let limit = limits.batch(request.maxItems)
        let items = try await longPoll(
            waiting: limits.wait(requestedMilliseconds: request.waitMs, callerTimeout: context.callerTimeout),
            on: WorkFeed.feed, wakeUps: feedWakeUps,
            read: { try await store.workItems(after: request.afterCursor, limit: limit) },
            isReady: { !$0.isEmpty })
        return PollWorkResponse(items: items, cursor: items.last?.cursor ?? request.afterCursor)
    }
}
