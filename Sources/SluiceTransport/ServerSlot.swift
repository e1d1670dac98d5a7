internal import CNNG
import Synchronization

/// One REP context of a ``ReplyServer``: it receives a request, hands it to the server, sends
/// the reply, and receives again. A slot serves one request at a time (a long poll holds its
/// slot while it waits); the server opens more as requests arrive (see ``ServerHub``).
final class ServerSlot: Sendable {
    enum Phase: Sendable {
        case idle, receiving, handling, sending, stopped
    }

    // Set once at the end of init and never again; nng's aio calls are thread-safe.
    nonisolated(unsafe) private(set) var aio: OpaquePointer?
    private let context: nng_ctx
    private let phase = Mutex(Phase.idle)
    private let hub: ServerHub

    init(socket: nng_socket, hub: ServerHub) throws(TransportError) {
        var context = sluice_nng_ctx_initializer()
        try check(nng_ctx_open(&context, socket), "opening a server context")
        self.context = context
        self.hub = hub
        var aio: OpaquePointer?
        // The callback's argument is unretained: the server keeps every slot alive until the
        // slot's aio has been stopped and freed.
        let result = nng_aio_alloc(&aio, serverSlotCallback, Unmanaged.passUnretained(self).toOpaque())
        guard result == 0, aio != nil else {
            nng_ctx_close(context)
            throw TransportError(nng: result, "allocating a server aio")
        }
        self.aio = aio
    }

    var currentPhase: Phase { phase.withLock { $0 } }

    func startReceiving() {
        phase.withLock { $0 = .receiving }
        nng_ctx_recv(context, aio)
    }

    /// Sends the reply to the request this slot handed out.
    func reply(_ bytes: [UInt8]) {
        guard let message = try? NNGMessage.make(bytes) else {
            // Out of memory for the reply: the caller times out and resends; serve on.
            resumeOrStop()
            return
        }
        phase.withLock { $0 = .sending }
        nng_aio_set_msg(aio, message)
        nng_ctx_send(context, aio)
    }

    /// Cancels a pending receive, so the slot stops. Slots that are handling a request stop
    /// once their reply has been sent.
    func cancelIfReceiving() {
        if phase.withLock({ $0 == .receiving }) { nng_aio_cancel(aio) }
    }

    fileprivate func completed() {
        let result = nng_aio_result(aio)
        switch phase.withLock({ $0 }) {
        case .receiving:
            if result == 0, let message = nng_aio_get_msg(aio) {
                phase.withLock { $0 = .handling }
                let pipe = UInt32(bitPattern: nng_pipe_id(nng_msg_get_pipe(message)))
                // When the server is closing the request gets no reply here; the client's REQ
                // socket resends it once it reconnects (to this server restarted, or another).
                if !hub.handle(NNGMessage.take(message), pipe: pipe, slot: self) { stop() }
            } else if hub.isClosing || isFinal(result) {
                stop()
            } else {
                startReceiving()
            }
        case .sending:
            if result != 0, let unsent = nng_aio_get_msg(aio) { nng_msg_free(unsent) }
            resumeOrStop()
        case .idle, .handling, .stopped:
            break
        }
    }

    private func resumeOrStop() {
        if hub.isClosing { stop() } else { startReceiving() }
    }

    private func stop() {
        phase.withLock { $0 = .stopped }
    }

    private func isFinal(_ result: Int32) -> Bool {
        let code = UInt32(bitPattern: result)
        return code == NNG_ECLOSED.rawValue || code == NNG_ECANCELED.rawValue
    }

    /// Teardown, on the teardown thread: stop every slot's aio before the socket closes (nng
    /// 1.5.2's close can otherwise wait forever on an operation caught half-started), and free
    /// them after it has. No callback runs once `stop` returns.
    func stopAIO() { nng_aio_stop(aio) }
    func free() { nng_aio_free(aio) }

    /// Frees a slot that never received: its aio has never run, so it need not be stopped.
    func discard() {
        nng_aio_free(aio)
        nng_ctx_close(context)
    }
}

/// At file scope so that it is nonisolated: nng calls it from its own threads.
private func serverSlotCallback(_ argument: UnsafeMutableRawPointer?) {
    guard let argument else { return }
    Unmanaged<ServerSlot>.fromOpaque(argument).takeUnretainedValue().completed()
}
