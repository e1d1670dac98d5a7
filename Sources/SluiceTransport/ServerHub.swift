import Synchronization

/// What a server's slots share: the handler, whether the server is closing, and the handlers
/// still running, so that closing can cancel them and wait for them.
final class ServerHub: Sendable {
    typealias Handler = @Sendable (_ request: [UInt8]) async -> [UInt8]

    private struct State {
        var handler: Handler?
        var closing = false
        var nextID = 0
        var running: [Int: Task<Void, Never>] = [:]
        /// Handlers that finished before their task was registered.
        var finishedEarly: Set<Int> = []
    }

    private let state = Mutex(State())

    func start(_ handler: @escaping Handler) {
        state.withLock { $0.handler = handler }
    }

    var isClosing: Bool { state.withLock { $0.closing } }

    /// Runs the handler for a request received by `slot`, and sends its reply through the slot.
    ///
    /// The handler starts at once on the calling thread, one of nng's, and runs there until it
    /// first suspends: a handler that does not suspend (a health check, a lookup in memory)
    /// answers without any hop between nng's threads and Swift's. One that awaits resumes on
    /// Swift's pool as usual. False when the server is closing and takes no new requests.
    func handle(_ request: [UInt8], slot: ServerSlot) -> Bool {
        let admitted = state.withLock { state -> (Handler, Int)? in
            guard !state.closing, let handler = state.handler else { return nil }
            state.nextID += 1
            return (handler, state.nextID)
        }
        guard let (handler, id) = admitted else { return false }
        let task = Task.immediate {
            slot.reply(await handler(request))
            self.finished(id)
        }
        state.withLock { state in
            if state.finishedEarly.remove(id) == nil { state.running[id] = task }
        }
        return true
    }

    private func finished(_ id: Int) {
        state.withLock { state in
            if state.running.removeValue(forKey: id) == nil { state.finishedEarly.insert(id) }
        }
    }

    /// Takes no new requests from now on; returns the handlers still running.
    func beginClosing() -> [Task<Void, Never>] {
        state.withLock { state in
            state.closing = true
            return Array(state.running.values)
        }
    }
}
