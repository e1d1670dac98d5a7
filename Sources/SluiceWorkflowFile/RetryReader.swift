/// `retries: 2`, or `retries: {max, backoff, multiplier, max_backoff, system}`.
enum RetryReader {
    static func policy(_ entry: YAMLEntry) throws(WorkflowFileError) -> RetryPolicy {
        if case .scalar = entry.node {
            return RetryPolicy(maxRetries: UInt32(try entry.integer(what: "retries", range: 0...1000)))
        }
        let mapping = try entry.mapping(allowed: ["max", "backoff", "multiplier", "max_backoff", "system"], what: "retries")
        var policy = RetryPolicy()
        if let max = mapping["max"] { policy.maxRetries = UInt32(try max.integer(what: "max", range: 0...1000)) }
        if let backoff = mapping["backoff"] { policy.initialBackoff = try backoff.duration(what: "backoff") }
        if let multiplier = mapping["multiplier"] {
            let value = try multiplier.number(what: "multiplier")
            guard value >= 1 else { throw multiplier.error("multiplier must be at least 1, found \(value)") }
            policy.backoffMultiplier = value
        }
        if let maxBackoff = mapping["max_backoff"] { policy.maxBackoff = try maxBackoff.duration(what: "max_backoff") }
        if let system = mapping["system"] { policy.maxSystemRetries = UInt32(try system.integer(what: "system", range: 0...1000)) }
        return policy
    }
}
