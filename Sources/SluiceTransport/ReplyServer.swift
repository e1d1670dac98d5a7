internal import CNNG
import Logging
import SluiceLogging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The REP side of request/reply over nng: listens on one or more addresses (`tcp://`, `ipc://`,
/// `inproc://`) and serves many requests at once, each through its own nng context, calling an
/// async handler for each. Receiving and sending use nng_aio callbacks, so no thread of Swift's
/// cooperative pool ever blocks in nng. Contexts are opened as requests arrive, and a request
/// whose caller hung up or abandoned it is told so (``CallerPresence``): no caller can hold
/// the contexts others need.
public final class ReplyServer: Sendable {
    /// The addresses listened on, with any `tcp://host:0` resolved to the port it was given.
    public let addresses: [String]

    private let socketID: UInt32
    private let hub: ServerHub
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
                bound.append(Self.resolved(url, try Self.listen(socket, url, tls: options.tls)))
            }
            let hub = ServerHub(socket: socket, options: options)
            try hub.openInitialSlots()
            // nng calls this from its reaper thread even after the socket is closed, so its
            // argument is never freed; it holds the hub weakly, and does nothing once it is gone.
            let reference = Unmanaged.passRetained(WeakHub(hub)).toOpaque()
            try check(nng_pipe_notify(socket, NNG_PIPE_EV_REM_POST, connectionClosedCallback, reference), "watching for closed connections")
            self.addresses = bound
            self.hub = hub
        } catch {
            nng_close(socket)
            throw error
        }
        self.socketID = socket.id
        self.options = options
        self.logger = logger
    }

    /// Calls `action` with a connection's id (``CallerPresence/connection``) when it closes,
    /// on one of nng's threads: it must return quickly.
    public func onConnectionClosed(_ action: @escaping @Sendable (UInt32) -> Void) {
        hub.onConnectionClosed(action)
    }

    /// How many requests are being handled now, long polls waiting among them.
    public var requestsInFlight: Int { hub.requestsInFlight }

    /// Starts serving at once: from here on every request received is handled, on nng's threads
    /// until a handler first suspends, so serving does not wait for a thread of Swift's pool.
    /// A server starts once; false if it already had.
    @discardableResult
    public func start(_ handler: @escaping @Sendable (_ request: [UInt8]) async -> [UInt8]) -> Bool {
        let first = lifecycle.withLock { state -> Bool in
            guard case .ready = state else { return false }
            state = .running
            return true
        }
        guard first else { return false }
        hub.start(handler)
        return true
    }

    /// Serves requests until the calling task is cancelled, then closes: see ``close()``.
    /// Starts the server first unless ``start(_:)`` already has (then `handler` is not used).
    public func run(_ handler: @escaping @Sendable (_ request: [UInt8]) async -> [UInt8]) async {
        start(handler)
        guard lifecycle.withLock({ if case .running = $0 { true } else { false } }) else { return }
        let cancelled = ShutdownSignal()
        await withTaskCancellationHandler {
            await cancelled.wait()
        } onCancel: {
            cancelled.fire()
        }
        await close()
    }

    /// Stops serving and closes the socket: pending receives are cancelled, handlers still
    /// running are cancelled and their replies sent (within the reply grace), and the socket is
    /// closed. Idempotent. Never waits on nng for more than a few seconds.
    public func close() async {
        let first = lifecycle.withLock { state -> Bool in
            if case .closed = state { return false }
            state = .closed
            return true
        }
        guard first else { return }
        let running = hub.beginClosing()
        let slots = hub.allSlots
        for slot in slots { slot.cancelIfReceiving() }
        for handler in running { handler.cancel() }
        let handlersDone = await waitForCompletion(upTo: options.replyGrace) { done in
            Task {
                for handler in running { await handler.value }
                done()
            }
        }
        if !handlersDone {
            logger.warning("request handlers did not finish within the grace period; closing anyway",
                           metadata: [LogKey.addresses: "\(addresses)"])
        }
        let socket = nng_socket(id: socketID)
        let hub = self.hub
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
            hub.forgetAfterClose()
        }
        if !closed {
            logger.warning("nng did not close the server socket in time; abandoning it", metadata: [LogKey.addresses: "\(addresses)"])
        }
    }

    /// Listens on `url`; a `tls+tcp://` one with the TLS files' certificate.
    private static func listen(_ socket: nng_socket, _ url: String, tls: TLSFiles?) throws(TransportError) -> nng_listener {
        var listener = nng_listener()
        guard TLSFiles.isTLS(url) else {
            try check(nng_listen(socket, url, &listener, 0), "listening on \(url)")
            return listener
        }
        guard let tls else {
            throw TransportError(.invalidAddress, "listening on \(url) needs a TLS certificate and key (tls.certificate, tls.key)")
        }
        try check(nng_listener_create(&listener, socket, url), "listening on \(url)")
        let config = try TLSConfiguration.make(tls, for: .server, address: url)
        // The listener holds its own reference.
        defer { nng_tls_config_free(config) }
        try check(nng_listener_set_ptr(listener, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config)), "using TLS on \(url)")
        try check(nng_listener_start(listener, 0), "listening on \(url)")
        return listener
    }

    private static func resolved(_ url: String, _ listener: nng_listener) -> String {
        guard url.hasPrefix("tcp://") || url.hasPrefix("tls+tcp://"), url.hasSuffix(":0") else { return url }
        var port: Int32 = 0
        guard nng_listener_get_int(listener, NNG_OPT_TCP_BOUND_PORT, &port) == 0 else { return url }
        return String(url.dropLast()) + String(port)
    }
}

/// At file scope so that it is nonisolated: nng calls it from its own threads when a connection
/// to the server closes.
private func connectionClosedCallback(_ pipe: nng_pipe, _ event: nng_pipe_ev, _ argument: UnsafeMutableRawPointer?) {
    guard let argument else { return }
    Unmanaged<WeakHub>.fromOpaque(argument).takeUnretainedValue().hub?.connectionClosed(UInt32(bitPattern: nng_pipe_id(pipe)))
}

/// The argument of a server's connection callback: a few bytes kept for the life of the process.
private final class WeakHub: Sendable {
    weak let hub: ServerHub?

    init(_ hub: ServerHub) {
        self.hub = hub
    }
}
