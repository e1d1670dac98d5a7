import SluiceWire

/// Keeps result messages under the wire's size limit: a batch of results stops before it would
/// pass half the limit, and a single result too large to send at all becomes an error the
/// scheduler can take. A message over the limit is refused on the way, and resending it would
/// hold up every result behind it.
enum CompletionBatch {
    /// Half the limit: room for the envelope, and a margin.
    static let budget = WireLimits.default.maxMessageBytes / 2
    /// Past this a single result cannot go at all.
    static let largestResult = WireLimits.default.maxMessageBytes - (64 << 10)

    /// How many results of these encoded sizes, from the first, to send together (at least one).
    static func count(fitting sizes: [Int]) -> Int {
        var total = 0
        for (index, size) in sizes.enumerated() {
            total += size
            if total > budget { return max(index, 1) }
        }
        return sizes.count
    }
}

extension CompleteAttemptRequest {
    /// Replaces outputs too large for one message with an error saying so; returns the
    /// encoded size of what is left, for batching.
    @discardableResult
    mutating func failIfTooLarge() -> Int {
        // Encoding refuses a message over the limit outright: that is too large as well.
        let size = try? serializedBytes().count
        guard case .outputs = outcome else { return size ?? CompletionBatch.budget }
        if let size, size <= CompletionBatch.largestResult { return size }
        var error = ExecutionError()
        error.kind = .user
        error.code = "OutputsTooLarge"
        let measured = size.map { "take \($0) bytes" } ?? "do not fit"
        error.message = "the outputs \(measured), more than one message may carry (\(CompletionBatch.largestResult) bytes); pass large data as a blob"
        outcome = .error(error)
        return (try? serializedBytes().count) ?? CompletionBatch.budget
    }
}
