import SluiceWire

/// How a store keeps an execution's events: runs of consecutive sequence numbers, each one
/// ``EventRun`` in the bytes the events arrived in. A record_events call's events for one
/// execution usually make one run: a thousand cache hits are a handful of rows instead of a
/// thousand, and none is encoded again. A run covers every sequence number from its first to
/// its last, which is what tells a resent event from a new one.
enum EventRunEncoding {
    /// Runs are cut at this many events, so that reading a page of events after a sequence
    /// number never decodes much that it then skips.
    static let eventsPerRun = 256

    /// Indices of the batch's events (by their `sequences`) that no run of `recorded` holds,
    /// nor an event earlier in the batch, in sequence order; and how many were left out.
    static func fresh(_ sequences: [Int64], recorded: [ClosedRange<Int64>]) -> (fresh: [Int], duplicates: Int) {
        if recorded.isEmpty, sequences.indices.dropFirst().allSatisfy({ sequences[$0 - 1] < sequences[$0] }) {
            // The usual batch: new, in order, no sequence twice.
            return (Array(sequences.indices), 0)
        }
        var seen = Set<Int64>()
        let fresh = sequences.indices
            .filter { index in
                let sequence = sequences[index]
                return !recorded.contains { $0.contains(sequence) } && seen.insert(sequence).inserted
            }
            .sorted { sequences[$0] < sequences[$1] }
        return (fresh, sequences.count - fresh.count)
    }

    /// `fresh` (indices into `batch`, in sequence order, all new) cut into runs.
    static func runs(_ fresh: [Int], of batch: [Event]) -> [ArraySlice<Int>] {
        var runs: [ArraySlice<Int>] = []
        var start = fresh.startIndex
        while start < fresh.endIndex {
            var end = start + 1
            while end < fresh.endIndex, end - start < eventsPerRun,
                  batch[fresh[end]].sequence == batch[fresh[end - 1]].sequence + 1 {
                end += 1
            }
            runs.append(fresh[start..<end])
            start = end
        }
        return runs
    }

    /// A run's events as an encoded ``EventRun``. An event is kept in its bytes from `encoded`
    /// when it has them and a time; otherwise it is encoded, stamped with `receivedAt` when it
    /// has no time.
    static func encode(
        _ run: ArraySlice<Int>, of batch: [Event], encoded: [ArraySlice<UInt8>]?, receivedAt: Timestamp
    ) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(run.reduce(0) { $0 + (encoded?[$1].count ?? 200) + 4 })
        for index in run {
            if batch[index].at != nil, let encoded {
                append(encoded[index], to: &bytes)
            } else {
                var stamped = batch[index]
                if stamped.at == nil { stamped.at = receivedAt }
                append(try stamped.serializedBytes()[...], to: &bytes)
            }
        }
        return bytes
    }

    /// Appends an encoded event to an encoded ``EventRun`` (its `events`, field 1).
    static func append(_ event: ArraySlice<UInt8>, to run: inout [UInt8]) {
        WireFields.appendLengthDelimited(1, event, to: &run)
    }
}
