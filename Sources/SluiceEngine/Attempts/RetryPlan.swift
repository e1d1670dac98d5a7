import SluiceWire

/// The retry rules that apply to one task node: the node's override, else the task's.
struct RetryPlan {
    /// Retries after a system error when the policy does not say (0 on the wire means this).
    static let defaultSystemRetries: UInt32 = 3

    let policy: RetryPolicy

    init(task: TaskSpec?, node: Node) {
        policy = node.metadata?.retries ?? task?.retries ?? RetryPolicy()
    }

    var userRetries: UInt32 { policy.maxRetries }
    var systemRetries: UInt32 { policy.maxSystemRetries == 0 ? Self.defaultSystemRetries : policy.maxSystemRetries }

    /// The wait before retry number `retry` (1 for the first retry), at most a day.
    func backoff(beforeRetry retry: UInt32) -> Duration {
        guard let initial = policy.initialBackoff, initial > .zero else { return .zero }
        let multiplier = policy.backoffMultiplier >= 1 ? policy.backoffMultiplier : 1
        // In seconds as a Double, so a large multiplier cannot overflow Duration.
        var seconds = Self.seconds(initial)
        for _ in 1..<max(retry, 1) where seconds < Self.ceiling { seconds *= multiplier }
        if let cap = policy.maxBackoff, cap > .zero { seconds = min(seconds, Self.seconds(cap)) }
        return .milliseconds(Int64(min(seconds, Self.ceiling) * 1000))
    }

    private static let ceiling: Double = 86_400

    private static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
