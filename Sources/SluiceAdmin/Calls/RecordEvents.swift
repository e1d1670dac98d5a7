import SluiceRPC
import SluiceLogging
import SluiceWire

extension AdminService {
    /// Applies a batch of the scheduler's events in one transaction. Each (execution, sequence)
    /// is applied once: a resent batch counts its events as duplicates and changes nothing.
    /// Watchers of the executions concerned are woken once it is committed. The events are
    /// stored in the bytes they came in, when the call came over the wire.
    func recordEvents(_ request: RecordEventsRequest, context: RPCCallContext) async throws -> RecordEventsResponse {
        let problems = request.events.enumerated().flatMap { index, event in Self.problems(in: event, at: index) }
        guard problems.isEmpty else {
            throw ServiceError.invalidArgument(
                "record_events refused the batch: " + problems.map(\.message).joined(separator: "; "), details: problems)
        }
        guard !request.events.isEmpty else { return RecordEventsResponse() }
        let recorded = try await store.recordEvents(
            request.events, encoded: Self.eventBytes(in: context.requestBytes, count: request.events.count), receivedAt: .now())
        for executionID in recorded.changedExecutions {
            eventWakeUps.changed(executionID)
        }
        for executionID in recorded.endedExecutions {
            endWakeUps.changed(executionID)
            context.logger.info("execution ended", metadata: [LogKey.executionID: "\(executionID)"])
        }
        context.logger.debug("events recorded", metadata: [
            LogKey.count: "\(recorded.applied)", LogKey.duplicates: "\(recorded.duplicates)",
        ])
        return RecordEventsResponse(applied: UInt32(clamping: recorded.applied), duplicates: UInt32(clamping: recorded.duplicates))
    }

    /// Each event's bytes within the request (AdminRequest's `record_events`, field 131, holds
    /// RecordEventsRequest, whose `events` are field 1), or nil when they cannot be told apart.
    /// Every occurrence of the call field is read; if the decoder kept only the last of several,
    /// the counts differ (unless the others held no events, when both agree), and the events
    /// are encoded again instead.
    static func eventBytes(in request: [UInt8], count: Int) -> [ArraySlice<UInt8>]? {
        guard !request.isEmpty, let calls = WireFields.payloads(of: 131, in: request) else { return nil }
        var events: [ArraySlice<UInt8>] = []
        events.reserveCapacity(count)
        for call in calls {
            guard let ranges = WireFields.payloads(of: 1, in: request, range: call) else { return nil }
            for range in ranges { events.append(request[range]) }
        }
        return events.count == count ? events : nil
    }

    /// What makes an event impossible to apply, each naming its place in the batch.
    private static func problems(in event: Event, at index: Int) -> [ErrorDetail] {
        let place = "events[\(index)]"
        var problems: [ErrorDetail] = []
        func problem(_ message: String, _ field: String) {
            problems.append(ErrorDetail(message: "\(place): \(message)", field: "\(place).\(field)"))
        }
        if event.executionID.isEmpty { problem("names no execution", "execution_id") }
        if event.sequence == 0 || event.sequence > UInt64(Int64.max) {
            problem("sequence \(event.sequence) is out of range; sequences start at 1", "sequence")
        }
        switch event.kind {
        case nil:
            problem("says nothing (no execution, node, attempt or signal part)", "kind")
        case .node(let node)? where node.nodeID.isEmpty:
            problem("is a node event naming no node", "node.node_id")
        case .attempt(let attempt)?:
            if attempt.nodeID.isEmpty { problem("is an attempt event naming no node", "attempt.node_id") }
            if attempt.attempt == 0 { problem("is an attempt event for attempt 0; attempts start at 1", "attempt.attempt") }
        default:
            break
        }
        return problems
    }
}
