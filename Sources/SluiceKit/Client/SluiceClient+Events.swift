import SluiceRPC

extension SluiceClient {
    /// How long one long poll for events waits at most before asking again.
    static let longPoll: Duration = .seconds(10)

    /// The execution's events after sequence number `after`. With a `wait`, a long poll: it
    /// answers as soon as there is one, or after `wait` with none.
    public func events(of executionID: String, after sequence: UInt64 = 0, wait: Duration = .zero) async throws -> GetEventsResponse {
        let request = GetEventsRequest(executionID: executionID, afterSequence: sequence, waitMs: Self.milliseconds(wait))
        return try await admin.call(.getEvents(request), timeout: timeout + wait) {
            if case .getEvents(let reply) = $0 { reply } else { nil }
        }
    }

    /// Every event of the execution from the start, as it happens. The stream ends once the
    /// execution has ended and every event has been delivered, and throws what a call threw.
    /// Stopping the iteration stops the polling.
    public func watch(_ executionID: String, after sequence: UInt64 = 0) -> AsyncThrowingStream<Event, Error> {
        AsyncThrowingStream { continuation in
            let polling = Task {
                do {
                    var cursor = sequence
                    var ended = false
                    while !Task.isCancelled {
                        // Once the execution has ended, one more poll that returns nothing means drained;
                        // it must not wait, since nothing more will come.
                        let batch = try await events(of: executionID, after: cursor, wait: ended ? .zero : Self.longPoll)
                        for event in batch.events where event.sequence > cursor {
                            continuation.yield(event)
                            cursor = event.sequence
                        }
                        if batch.phase.hasEnded {
                            if batch.events.isEmpty { break }
                            ended = true
                        } else if batch.events.isEmpty {
                            try await Self.pauseAfterEmptyPoll()
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in polling.cancel() }
        }
    }

    /// Waits until the execution has ended and returns it. With a `timeout`, throws a
    /// DEADLINE_EXCEEDED ``ServiceError`` naming the phase it is still in when the time is up
    /// (the execution itself goes on).
    public func wait(for executionID: String, timeout: Duration? = nil) async throws -> Execution {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            var wait = Self.longPoll
            if let deadline { wait = min(wait, clock.now.duration(to: deadline)) }
            let asked = clock.now
            let execution = try await execution(executionID, waitingUpTo: max(wait, .zero))
            if execution.phase.hasEnded { return execution }
            if let deadline, clock.now >= deadline {
                throw ServiceError(.deadlineExceeded, "execution \(executionID) is still \(execution.phase.name) after \(timeout.map { "\($0)" } ?? "")")
            }
            if clock.now - asked < wait { try await Self.pauseAfterEmptyPoll() }
        }
    }

    static func milliseconds(_ wait: Duration) -> UInt32 {
        UInt32(clamping: max(0, wait.components.seconds) * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
    }

    /// A long poll that comes back empty has normally waited its full time; one that did not
    /// (a service that does not hold polls) must not turn the loop into a busy one.
    static func pauseAfterEmptyPoll() async throws {
        try await Task.sleep(for: .milliseconds(100))
    }
}

extension ExecutionPhase {
    /// SUCCEEDED, FAILED, ABORTED or TIMED_OUT: nothing more will happen to the execution.
    public var hasEnded: Bool {
        switch self {
        case .succeeded, .failed, .aborted, .timedOut: true
        case .unspecified, .queued, .running: false
        }
    }
}
