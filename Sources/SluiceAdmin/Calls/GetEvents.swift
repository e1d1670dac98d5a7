import SluiceCore
import SluiceRPC
import SluiceWire

extension AdminService {
    /// An execution's events after a sequence number. With `wait_ms` and nothing new yet, waits
    /// until the scheduler records one, unless the execution has ended: then nothing more will
    /// come and the answer is immediate.
    func getEvents(_ request: GetEventsRequest, context: RPCCallContext) async throws -> GetEventsResponse {
        let id = try requiredExecutionID(request.executionID, call: "get_events")
        let limit = limits.batch(request.limit)
        let page = try await longPoll(
            waiting: limits.wait(requestedMilliseconds: request.waitMs, callerTimeout: context.callerTimeout),
            on: id, wakeUps: eventWakeUps,
            read: { try await store.events(of: id, after: request.afterSequence, limit: limit) },
            isReady: { !$0.events.isEmpty || $0.phase.isTerminal })
        return GetEventsResponse(events: page.events, phase: page.phase, lastSequence: page.lastSequence)
    }
}
