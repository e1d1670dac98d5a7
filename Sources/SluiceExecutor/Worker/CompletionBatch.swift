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

    /// How many of `completions`, from the first, to send together (at least one).
    static func count(fitting completions: [CompleteAttemptRequest]) -> Int {
        var total = 0
        for (index, completion) in completions.enumerated() {
            total += (try? completion.serializedBytes().count) ?? budget
            if total > budget { return max(index, 1) }
        }
        return completions.count
    }
}

extension CompleteAttemptRequest {
    /// Replaces outputs too large for one message with an error saying so.
    mutating func failIfTooLarge() {
        guard case .outputs = outcome else { return }
        // Encoding refuses a message over the limit outright: that is too large as well.
        let size = try? serializedBytes().count
        if let size, size <= CompletionBatch.largestResult { return }
        var error = ExecutionError()
        error.kind = .user
        error.code = "OutputsTooLarge"
        let measured = size.map { "take \($0) bytes" } ?? "do not fit"
        error.message = "the outputs \(measured), more than one message may carry (\(CompletionBatch.largestResult) bytes); pass large data as a blob"
        outcome = .error(error)
    }
}
