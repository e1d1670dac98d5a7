import SluiceWire

/// Cuts a run of events into RecordEvents calls. Admin applies each call in one transaction,
/// so a cut is where a crash may leave the persisted state: it must never fall between an
/// attempt's end and the node event that follows from it. An attempt's success recorded
/// without its node's success would be restored as a finished attempt whose outputs were
/// never recorded.
enum EventBatches {
    /// Consecutive ranges covering `events`, none empty, none longer than `limit` (or two, the
    /// least that keeps a pair together), none ending between an attempt event and the same
    /// node's event right after it.
    static func ranges(of events: [Event], limit: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < events.count {
            var end = min(start + max(limit, 2), events.count)
            if end < events.count, end - start > 1, endsAnAttemptOfTheNextNodeEvent(events[end - 1], events[end]) {
                end -= 1
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    private static func endsAnAttemptOfTheNextNodeEvent(_ last: Event, _ next: Event) -> Bool {
        guard case .attempt(let attempt)? = last.kind, case .node(let node)? = next.kind else { return false }
        return last.executionID == next.executionID && attempt.nodeID == node.nodeID
    }

    /// The executions the events belong to, each once, in the order they first appear.
    static func executionIDs(in events: [Event]) -> [String] {
        var seen: Set<String> = []
        return events.compactMap { seen.insert($0.executionID).inserted ? $0.executionID : nil }
    }
}
