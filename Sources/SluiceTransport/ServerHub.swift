import Synchronization

/// What a server's slots share: the stream that carries received requests to ``ReplyServer/run``,
/// and the count of slots that have stopped.
final class ServerHub: Sendable {
    let requests: AsyncStream<ServerRequest>
    private let continuation: AsyncStream<ServerRequest>.Continuation
    private let state = Mutex((closing: false, stopped: 0))

    init() {
        (requests, continuation) = AsyncStream.makeStream(of: ServerRequest.self, bufferingPolicy: .unbounded)
    }

    var isClosing: Bool { state.withLock { $0.closing } }
    var stoppedSlots: Int { state.withLock { $0.stopped } }

    /// False when the server has stopped serving: the request gets no reply here, and the
    /// client's REQ socket resends it once it reconnects (to this server restarted, or another).
    func deliver(_ request: ServerRequest) -> Bool {
        if case .terminated = continuation.yield(request) { return false }
        return true
    }

    func beginClosing() {
        state.withLock { $0.closing = true }
        continuation.finish()
    }

    func slotStopped() {
        state.withLock { $0.stopped += 1 }
    }
}
