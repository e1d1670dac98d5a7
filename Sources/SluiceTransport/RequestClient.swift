internal import CNNG
import Foundation
import Synchronization

/// The REQ side of request/reply over nng, usable from many tasks at once: each request takes
/// an nng context of its own from a pool, so requests are in flight together on one connection.
///
/// Dialing does not wait for the server: requests made before it listens wait (within their
/// timeout) for the connection, and a connection that breaks is redialed, with unanswered
/// requests resent by nng once it is back. Servers de-duplicate those resends by request id.
public final class RequestClient: Sendable {
    public let address: String
    private let socketID: UInt32
    private let options: RequestClientOptions
    private let pool = Mutex(Pool())

    private struct Pool {
        var idle: [ClientSlot] = []
        var all: [ClientSlot] = []
        var closed = false
    }

    public init(dialing address: String, options: RequestClientOptions = RequestClientOptions()) throws(TransportError) {
        var socket = sluice_nng_socket_initializer()
        try check(nng_req0_open(&socket), "opening a REQ socket")
        do {
            try check(nng_socket_set_size(socket, NNG_OPT_RECVMAXSZ, options.maxMessageBytes), "setting the message size limit")
            try check(nng_socket_set_ms(socket, NNG_OPT_RECONNMINT, options.reconnectMinimum.nngMilliseconds()), "setting the reconnect time")
            try check(nng_socket_set_ms(socket, NNG_OPT_RECONNMAXT, options.reconnectMaximum.nngMilliseconds()), "setting the reconnect time")
            try Self.dial(socket, address, tls: options.tls)
        } catch {
            nng_close(socket)
            throw error
        }
        self.address = address
        self.socketID = socket.id
        self.options = options
    }

    /// Dials without waiting for the server; a `tls+tcp://` address with the TLS files.
    private static func dial(_ socket: nng_socket, _ address: String, tls: TLSFiles?) throws(TransportError) {
        guard TLSFiles.isTLS(address) else {
            try check(nng_dial(socket, address, nil, Int32(NNG_FLAG_NONBLOCK)), "dialing \(address)")
            return
        }
        guard let tls else {
            throw TransportError(.invalidAddress, "dialing \(address) needs the CA that signs the server's certificate (tls.ca)")
        }
        var dialer = nng_dialer()
        try check(nng_dialer_create(&dialer, socket, address), "dialing \(address)")
        let config = try TLSConfiguration.make(tls, for: .client(host: TLSConfiguration.host(of: address)), address: address)
        // The dialer holds its own reference.
        defer { nng_tls_config_free(config) }
        try check(nng_dialer_set_ptr(dialer, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config)), "using TLS to \(address)")
        try check(nng_dialer_start(dialer, Int32(NNG_FLAG_NONBLOCK)), "dialing \(address)")
    }

    deinit {
        // A client dropped without close(): release nng's resources off this thread.
        let leftover = pool.withLock { pool -> [ClientSlot]? in pool.closed ? nil : pool.all }
        guard let leftover else { return }
        let socket = nng_socket(id: socketID)
        Thread.detachNewThread {
            for slot in leftover { slot.stop() }
            nng_close(socket)
            for slot in leftover { slot.free() }
        }
    }

    /// Sends `bytes` and returns the reply. Fails with ``TransportError`` on timeout,
    /// cancellation of the calling task, or close.
    public func request(_ bytes: [UInt8], timeout: Duration? = nil) async throws(TransportError) -> [UInt8] {
        guard bytes.count <= options.maxMessageBytes else {
            throw TransportError(.messageTooLarge, "request of \(bytes.count) bytes is over the limit of \(options.maxMessageBytes)")
        }
        let slot = try acquire()
        defer { release(slot) }
        do {
            return try await slot.perform(bytes, timeout: timeout ?? options.timeout)
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(.other, "request to \(address): \(error)")
        }
    }

    /// Fails outstanding requests with `.closed` and closes the socket. Idempotent.
    public func close() async {
        let slots = pool.withLock { pool -> [ClientSlot]? in
            guard !pool.closed else { return nil }
            pool.closed = true
            return pool.all
        }
        guard let slots else { return }
        let socket = nng_socket(id: socketID)
        _ = await DetachedTeardown.run(deadline: .seconds(5)) {
            for slot in slots { slot.stop() }
            nng_close(socket)
            for slot in slots { slot.free() }
        }
    }

    private func acquire() throws(TransportError) -> ClientSlot {
        let reused = try pool.withLock { pool throws(TransportError) -> ClientSlot? in
            guard !pool.closed else { throw TransportError(.closed, "the client of \(address) is closed") }
            return pool.idle.popLast()
        }
        if let reused { return reused }
        let slot = try ClientSlot(socket: nng_socket(id: socketID), address: address)
        let closed = pool.withLock { pool -> Bool in
            if !pool.closed { pool.all.append(slot) }
            return pool.closed
        }
        if closed {
            slot.stop()
            slot.free()
            throw TransportError(.closed, "the client of \(address) is closed")
        }
        return slot
    }

    private func release(_ slot: ClientSlot) {
        pool.withLock { pool in
            if !pool.closed { pool.idle.append(slot) }
        }
    }

}
