internal import CNNG
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The REP side of request/reply over nng: listens on one or more addresses (`tcp://`, `ipc://`,
/// `inproc://`) and serves many requests at once, each through its own nng context, calling an
/// async handler for each. Receiving and sending use nng_aio callbacks, so no thread of Swift's
/// cooperative pool ever blocks in nng.
public final class ReplyServer: Sendable {
    /// The addresses listened on, with any `tcp://host:0` resolved to the port it was given.
    public let addresses: [String]

    private let socketID: UInt32
    private let hub: ServerHub
    private let slots: [ServerSlot]
    private let options: ReplyServerOptions
    private let logger: Logger
    private let lifecycle = Mutex(Lifecycle.ready)

    private enum Lifecycle { case ready, running, closed }

    public init(
        listeningOn urls: [String],
        options: ReplyServerOptions = ReplyServerOptions(),
        logger: Logger = Logger(label: "sluice.transport.server")
    ) throws(TransportError) {
        guard !urls.isEmpty else { throw TransportError(.invalidAddress, "no address to listen on") }
        var socket = sluice_nng_socket_initializer()
        try check(nng_rep0_open(&socket), "opening a REP socket")
        do {
            try check(nng_socket_set_size(socket, NNG_OPT_RECVMAXSZ, options.maxMessageBytes), "setting the message size limit")
            var bound: [String] = []
            for url in urls {
                var listener = nng_listener()
                try check(nng_listen(socket, url, &listener, 0), "listening on \(url)")
                bound.append(Self.resolved(url, listener))
            }
            let hub = ServerHub()
            var slots: [ServerSlot] = []
            for _ in 0..<max(1, options.concurrency) {
                slots.append(try ServerSlot(socket: socket, hub: hub))
            }
            self.addresses = bound
            self.hub = hub
            self.slots = slots
        } catch {
            nng_close(socket)
            throw error
        }
        self.socketID = socket.id
        self.options = options
        self.logger = logger
    }

    /// Serves requests until the calling task is cancelled, then closes: pending receives are
    /// cancelled, handlers still running are cancelled and their replies sent, and the socket
    /// is closed. A server runs once.
    public func run(_ handler: @escaping @Sendable (_ request: [UInt8]) async -> [UInt8]) async {
        let start = lifecycle.withLock { state -> Bool in
            guard case .ready = state else { return false }
            state = .running
            return true
        }
        guard start else { return }
        for slot in slots { slot.startReceiving() }
        await withDiscardingTaskGroup { group in
            for await request in hub.requests {
                group.addTask {
                    request.slot.reply(await handler(request.bytes))
                }
            }
        }
        await close()
    }

    /// Stops serving and closes the socket; for a server that is not running, just closes it.
    /// Idempotent. Never waits on nng for more than a few seconds.
    public func close() async {
        let first = lifecycle.withLock { state -> Bool in
            if case .closed = state { return false }
            state = .closed
            return true
        }
        guard first else { return }
        hub.beginClosing()
        for slot in slots { slot.cancelIfReceiving() }
        let slots = self.slots
        let socket = nng_socket(id: socketID)
        let grace = options.replyGrace
        let closed = await DetachedTeardown.run(deadline: grace + .seconds(4)) {
            // Replies already handed to nng get a moment to go out before the socket closes.
            let clock = ContinuousClock()
            let end = clock.now + grace
            while slots.contains(where: { $0.currentPhase == .sending }), clock.now < end {
                usleep(1000)
            }
            for slot in slots { slot.stopAIO() }
            nng_close(socket)
            for slot in slots { slot.free() }
        }
        if !closed {
            logger.warning("nng did not close the server socket in time; abandoning it", metadata: ["sluice.addresses": "\(addresses)"])
        }
    }

    private static func resolved(_ url: String, _ listener: nng_listener) -> String {
        guard url.hasPrefix("tcp://"), url.hasSuffix(":0") else { return url }
        var port: Int32 = 0
        guard nng_listener_get_int(listener, NNG_OPT_TCP_BOUND_PORT, &port) == 0 else { return url }
        return String(url.dropLast()) + String(port)
    }
}
