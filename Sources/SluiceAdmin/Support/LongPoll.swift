import SluiceTransport

/// Answers a long-polling call: reads at once, and while the answer is not ready and time
/// remains, waits for a change to `key` and reads again. Each read after the first follows a
/// change (or the deadline), so an idle wait costs nothing. A caller that hangs up or abandons
/// the call gets the answer as it is at once, so that its wait holds none of the server's
/// contexts (see ``CallerPresence``).
func longPoll<Key: Hashable & Sendable, Answer: Sendable>(
    waiting wait: Duration, on key: Key, wakeUps: WakeUps<Key>,
    read: () async throws -> Answer, isReady: (Answer) -> Bool
) async throws -> Answer {
    guard wait > .zero else { return try await read() }
    let deadline = ContinuousClock.now + wait
    let caller = CallerPresence.current
    return try await wakeUps.withTicket(for: key) { ticket in
        let watch = caller?.whenGone { wakeUps.wakeEarly(ticket) }
        defer { watch?.cancel() }
        while true {
            let answer = try await read()
            if isReady(answer) || ContinuousClock.now >= deadline || Task.isCancelled || caller?.isGone == true {
                return answer
            }
            await wakeUps.wait(ticket, until: deadline)
            wakeUps.rearm(ticket)
        }
    }
}
