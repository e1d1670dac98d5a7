import Synchronization

/// Whether the caller of the request being served still waits for its reply.
///
/// A long poll holds one of its server's contexts for as long as it waits. A caller that hangs
/// up (its connection closes) no longer wants the answer, and a caller that keeps sending
/// requests on one connection without waiting for their replies has abandoned the older ones;
/// either way the server tells the request's presence that the caller is gone, and a long poll
/// that watches it answers at once with what it has, giving its context back. Ordinary calls
/// need not watch: they end soon anyway, and are never interrupted.
///
/// ``ReplyServer`` sets ``current`` for each request it hands to its handler.
public final class CallerPresence: Sendable {
    /// The presence of the caller of the request this task serves; nil outside a server.
    @TaskLocal public static var current: CallerPresence?

    private struct State {
        var gone = false
        var nextID = 0
        var actions: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// The connection the request came on: the same for every request a caller's socket sends
    /// until it reconnects, and named again by ``ReplyServer/onConnectionClosed(_:)`` when it
    /// closes. 0 when unknown.
    public let connection: UInt32

    public init(connection: UInt32 = 0) {
        self.connection = connection
    }

    /// True once the caller has hung up or abandoned the request.
    public var isGone: Bool { state.withLock { $0.gone } }

    /// Runs `action` when the caller is gone, at once (on this thread) if it already is, and at
    /// most once. Keep the returned watch while waiting and cancel it when done.
    public func whenGone(_ action: @escaping @Sendable () -> Void) -> Watch {
        let id = state.withLock { state -> Int? in
            guard !state.gone else { return nil }
            state.nextID += 1
            state.actions[state.nextID] = action
            return state.nextID
        }
        guard let id else {
            action()
            return Watch(presence: nil, id: 0)
        }
        return Watch(presence: self, id: id)
    }

    /// Marks the caller gone and runs what waits for that. False when it already was.
    @discardableResult
    func markGone() -> Bool {
        let actions = state.withLock { state -> [@Sendable () -> Void]? in
            guard !state.gone else { return nil }
            state.gone = true
            defer { state.actions = [:] }
            return Array(state.actions.values)
        }
        guard let actions else { return false }
        for action in actions { action() }
        return true
    }

    fileprivate func forget(_ id: Int) {
        state.withLock { _ = $0.actions.removeValue(forKey: id) }
    }

    /// A registration made by ``whenGone(_:)``; cancelling it keeps its action from running.
    public struct Watch: Sendable {
        fileprivate let presence: CallerPresence?
        fileprivate let id: Int

        public func cancel() { presence?.forget(id) }
    }
}
