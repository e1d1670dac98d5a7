internal import CNNG
import DequeModule
import OrderedCollections
import Synchronization

/// What a server's slots share: the handler, the slots themselves, the requests being handled
/// and which connection each came on, and whether the server is closing.
///
/// No caller can take the server's capacity from others. Slots are opened as requests arrive,
/// so that some are always receiving (up to ``ReplyServerOptions/maxConcurrentRequests``); a
/// request whose connection closes is told its caller is gone (``CallerPresence``), so that a
/// long poll nobody waits for any more gives its slot back at once; and past the limits, per
/// connection or in all, the oldest request still waiting is told the same.
final class ServerHub: Sendable {
    typealias Handler = @Sendable (_ request: [UInt8]) async -> [UInt8]

    private struct InFlight {
        let pipe: UInt32
        let presence: CallerPresence
        var task: Task<Void, Never>?
        /// Chosen to make room, under the lock, so that two arrivals never choose the same one.
        var displaced = false
    }

    private struct State {
        var handler: Handler?
        var connectionClosed: (@Sendable (UInt32) -> Void)?
        var closing = false
        var nextID = 0
        /// Oldest first.
        var requests: OrderedDictionary<Int, InFlight> = [:]
        var requestsByPipe: [UInt32: OrderedSet<Int>] = [:]
        var slots: [ServerSlot] = []
        /// Slots being opened outside the lock, counted so that two arrivals do not both open one.
        var opening = 0
        /// Connections closed lately, so that a request that arrived on one just before it closed
        /// is known to have no caller.
        var closedPipes: Set<UInt32> = []
        var closedPipeOrder: Deque<UInt32> = []
    }

    private static let closedPipesRemembered = 4096

    private let state = Mutex(State())
    private let socketID: UInt32
    private let options: ReplyServerOptions

    init(socket: nng_socket, options: ReplyServerOptions) {
        self.socketID = socket.id
        self.options = options
    }

    private var socket: nng_socket { nng_socket(id: socketID) }

    /// Opens the slots that receive from the start. Throws when even one cannot be opened.
    func openInitialSlots() throws(TransportError) {
        let slots = try (0..<max(1, options.spareContexts)).map { _ throws(TransportError) in
            try ServerSlot(socket: socket, hub: self)
        }
        state.withLock { $0.slots = slots }
    }

    func start(_ handler: @escaping Handler) {
        let slots = state.withLock { state in
            state.handler = handler
            return state.slots
        }
        for slot in slots { slot.startReceiving() }
    }

    func onConnectionClosed(_ action: @escaping @Sendable (UInt32) -> Void) {
        state.withLock { $0.connectionClosed = action }
    }

    var isClosing: Bool { state.withLock { $0.closing } }

    var requestsInFlight: Int { state.withLock { $0.requests.count } }

    /// Every slot opened so far, for teardown once the server is closing (none open after).
    var allSlots: [ServerSlot] { state.withLock { $0.slots } }

    /// Runs the handler for a request received by `slot` on connection `pipe`, and sends its
    /// reply through the slot.
    ///
    /// The handler starts at once on the calling thread, one of nng's, and runs there until it
    /// first suspends: a handler that does not suspend (a health check, a lookup in memory)
    /// answers without any hop between nng's threads and Swift's. One that awaits resumes on
    /// Swift's pool as usual. False when the server is closing and takes no new requests.
    func handle(_ request: [UInt8], pipe: UInt32, slot: ServerSlot) -> Bool {
        let presence = CallerPresence(connection: pipe)
        let admitted = state.withLock { state -> (handler: Handler, id: Int, displaced: [CallerPresence], openSlot: Bool)? in
            guard !state.closing, let handler = state.handler else { return nil }
            state.nextID += 1
            let id = state.nextID
            state.requests[id] = InFlight(pipe: pipe, presence: presence)
            state.requestsByPipe[pipe, default: []].append(id)
            // Arrived just before its connection closed. (Nothing watches it yet.)
            if state.closedPipes.contains(pipe) { presence.markGone() }
            return (handler, id, displace(after: id, in: &state), reserveSlot(in: &state))
        }
        guard let (handler, id, displaced, openSlot) = admitted else { return false }
        for older in displaced { older.markGone() }
        if openSlot { openAnotherSlot() }
        let task = Task.immediate {
            let reply = await CallerPresence.$current.withValue(presence) { await handler(request) }
            slot.reply(reply)
            self.finished(id)
        }
        state.withLock { state in
            // Unless it finished already.
            if state.requests[id] != nil { state.requests[id]?.task = task }
        }
        return true
    }

    /// The requests whose callers are taken to be gone once request `id` is admitted: the
    /// oldest still waiting on its connection when that one holds more than its share, and the
    /// oldest still waiting of all when the server would otherwise have no slot left to receive.
    private func displace(after id: Int, in state: inout State) -> [CallerPresence] {
        var found: [CallerPresence] = []
        func take(_ candidate: Int) -> Bool {
            guard let request = state.requests[candidate], !request.displaced, !request.presence.isGone else { return false }
            state.requests[candidate]?.displaced = true
            found.append(request.presence)
            return true
        }
        if let pipe = state.requests[id]?.pipe, let ids = state.requestsByPipe[pipe], ids.count > options.maxRequestsPerConnection {
            for candidate in ids where take(candidate) { break }
        }
        let busyLimit = max(1, options.maxConcurrentRequests - options.spareContexts)
        if state.requests.count > busyLimit {
            for candidate in state.requests.keys where take(candidate) { break }
        }
        return found
    }

    /// Whether a slot should be opened so that enough stay receiving; counts it as opening.
    private func reserveSlot(in state: inout State) -> Bool {
        let total = state.slots.count + state.opening
        let receiving = total - state.requests.count
        guard receiving < options.spareContexts, total < options.maxConcurrentRequests else { return false }
        state.opening += 1
        return true
    }

    /// Opens a slot and starts it receiving; on nng's thread. A slot that cannot be opened (out
    /// of memory) is simply not there: the others serve on. It starts receiving under the lock,
    /// so that a server closing meanwhile either never sees it or sees it receiving (and
    /// cancels it); nng completes the receive on another thread, never inside this call.
    private func openAnotherSlot() {
        let slot = try? ServerSlot(socket: socket, hub: self)
        let kept = state.withLock { state -> Bool in
            state.opening -= 1
            guard let slot, !state.closing else { return false }
            state.slots.append(slot)
            slot.startReceiving()
            return true
        }
        if !kept { slot?.discard() }
    }

    private func finished(_ id: Int) {
        state.withLock { state in
            guard let request = state.requests.removeValue(forKey: id) else { return }
            state.requestsByPipe[request.pipe]?.remove(id)
            if state.requestsByPipe[request.pipe]?.isEmpty == true { state.requestsByPipe[request.pipe] = nil }
        }
    }

    /// A connection closed: whoever sent the requests still being handled from it is gone.
    func connectionClosed(_ pipe: UInt32) {
        let (orphaned, tell) = state.withLock { state -> ([CallerPresence], (@Sendable (UInt32) -> Void)?) in
            state.closedPipes.insert(pipe)
            state.closedPipeOrder.append(pipe)
            if state.closedPipeOrder.count > Self.closedPipesRemembered, let oldest = state.closedPipeOrder.popFirst() {
                state.closedPipes.remove(oldest)
            }
            return ((state.requestsByPipe[pipe] ?? []).compactMap { state.requests[$0]?.presence }, state.connectionClosed)
        }
        for presence in orphaned { presence.markGone() }
        tell?(pipe)
    }

    /// Once the socket is closed and the slots freed: drops them and the handler, which hold
    /// the hub (and the service) in turn, so that a closed server is freed.
    func forgetAfterClose() {
        state.withLock { state in
            state.slots = []
            state.handler = nil
            state.connectionClosed = nil
        }
    }

    /// Takes no new requests from now on; returns the handlers still running.
    func beginClosing() -> [Task<Void, Never>] {
        state.withLock { state in
            state.closing = true
            return state.requests.values.compactMap(\.task)
        }
    }
}
