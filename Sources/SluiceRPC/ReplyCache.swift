import DequeModule
import Synchronization

/// Remembers the replies to recent requests, by request id and request bytes, so that a request
/// resent by a REQ socket (after a reconnect, or after its resend time) gets the first reply
/// instead of being acted on twice. A resend that arrives while the first is still being handled
/// waits for it.
///
/// A request id reused for different bytes is a different request, never a duplicate.
final class ReplyCache: Sendable {
    struct Limits: Sendable {
        /// Longer than any REQ resend window of Sluice's clients (their timeout plus a second).
        var retention: Duration = .seconds(600)
        var maxEntries = 10_000
        var maxBytes = 64 << 20
    }

    private enum Entry {
        case running(waiters: [CheckedContinuation<[UInt8]?, Never>])
        case done(reply: [UInt8])
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Completed entries, oldest first, for eviction.
        var completed: Deque<(key: Key, at: ContinuousClock.Instant, size: Int)> = []
        var bytes = 0
    }

    private struct Key: Hashable {
        let requestID: String
        let bytesHash: Int
    }

    private let limits: Limits
    private let state = Mutex(State())
    private let clock = ContinuousClock()

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The reply to the request: `produce`'s, or the one already produced for the same request.
    func reply(requestID: String, request: [UInt8], produce: () async -> [UInt8]) async -> [UInt8] {
        let key = Key(requestID: requestID, bytesHash: Self.hash(request))
        // nil: nobody has this request yet, so this call produces the reply.
        let earlier: [UInt8]? = await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [UInt8]?? in
                switch state.entries[key] {
                case .done(let reply)?:
                    return .some(reply)
                case .running(var waiters)?:
                    waiters.append(continuation)
                    state.entries[key] = .running(waiters: waiters)
                    return nil
                case nil:
                    state.entries[key] = .running(waiters: [])
                    return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
        if let earlier { return earlier }

        let reply = await produce()
        let waiters = state.withLock { state -> [CheckedContinuation<[UInt8]?, Never>] in
            guard case .running(let waiters)? = state.entries[key] else { return [] }
            state.entries[key] = .done(reply: reply)
            state.completed.append((key, clock.now, reply.count))
            state.bytes += reply.count
            evict(&state)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: reply) }
        return reply
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// The bytes hashed as one buffer: `[UInt8].hashValue` feeds the hasher one element at a
    /// time, which for a batch of a thousand events costs a millisecond.
    private static func hash(_ bytes: [UInt8]) -> Int {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    private func evict(_ state: inout State) {
        let now = clock.now
        while let oldest = state.completed.first,
              state.completed.count > limits.maxEntries || state.bytes > limits.maxBytes
                || now - oldest.at > limits.retention {
            state.completed.removeFirst()
            state.entries[oldest.key] = nil
            state.bytes -= oldest.size
        }
    }
}
