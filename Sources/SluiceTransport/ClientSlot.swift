internal import CNNG
import Synchronization

/// One REQ context of a ``RequestClient``, reused for request after request. A request is a
/// send then a receive on the context; the awaiting task is resumed from nng's callback.
///
/// The send is first tried without waiting (an aio with no callback and a zero timeout, which
/// nng completes at once or fails at once): when a connection is ready, as it usually is, the
/// receive is posted straight away and the round trip costs a single wake-up, for the reply.
/// Otherwise the send waits for a connection on the callback aio and the receive is posted from
/// its completion. The receive is never posted before the send has completed: in nng 1.5.2 a
/// receive that times out does not end a send still waiting (the request would go out later),
/// and a send that times out resets the context under a pending receive.
final class ClientSlot: Sendable {
    private enum Phase {
        case idle
        case sending(CheckedContinuation<[UInt8], any Error>, deadline: nng_time, timeout: Duration)
        case receiving(CheckedContinuation<[UInt8], any Error>, timeout: Duration)
    }

    private struct State {
        var phase = Phase.idle
        var cancelRequested = false
        var resendTime: nng_duration = 0
    }

    // Set once at the end of init and never again; nng's aio calls are thread-safe.
    nonisolated(unsafe) private(set) var aio: OpaquePointer?
    nonisolated(unsafe) private(set) var immediateSendAIO: OpaquePointer?
    private let context: nng_ctx
    private let address: String
    private let state = Mutex(State())

    init(socket: nng_socket, address: String) throws(TransportError) {
        var context = sluice_nng_ctx_initializer()
        try check(nng_ctx_open(&context, socket), "opening a client context")
        self.context = context
        self.address = address
        var aio: OpaquePointer?
        var immediateSendAIO: OpaquePointer?
        // Unretained: the client keeps every slot alive until its aio is stopped and freed.
        var result = nng_aio_alloc(&aio, clientSlotCallback, Unmanaged.passUnretained(self).toOpaque())
        if result == 0 { result = nng_aio_alloc(&immediateSendAIO, nil, nil) }
        guard result == 0, aio != nil, immediateSendAIO != nil else {
            if let aio { nng_aio_free(aio) }
            nng_ctx_close(context)
            throw TransportError(nng: result, "allocating a client aio")
        }
        self.aio = aio
        self.immediateSendAIO = immediateSendAIO
        nng_aio_set_timeout(immediateSendAIO, 0)
    }

    func perform(_ bytes: [UInt8], timeout: Duration) async throws -> [UInt8] {
        let message = try NNGMessage.make(bytes)
        let milliseconds = timeout.nngMilliseconds(minimum: 1)
        let (resendTime, overflowed) = milliseconds.addingReportingOverflow(1000)
        let resendAfter = overflowed ? nng_duration.max : resendTime
        let setResendTime = state.withLock { state -> Bool in
            state.cancelRequested = false
            defer { state.resendTime = resendAfter }
            return state.resendTime != resendAfter
        }
        if setResendTime {
            // No timed resend before the caller gives up; REQ still resends a request whose
            // connection broke, which is how a restarted server is reached again.
            nng_ctx_set_ms(context, NNG_OPT_REQ_RESENDTIME, resendAfter)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // A caller cancelled already sends nothing.
                if state.withLock({ $0.cancelRequested }) {
                    nng_msg_free(message)
                    continuation.resume(throwing: TransportError(.cancelled, "request to \(address) cancelled"))
                    return
                }
                // Sent at once, or failed at once with nothing sent: the wait does not block.
                nng_aio_set_msg(immediateSendAIO, message)
                nng_ctx_send(context, immediateSendAIO)
                nng_aio_wait(immediateSendAIO)
                let sentAlready = nng_aio_result(immediateSendAIO) == 0
                let unsent = sentAlready ? nil : nng_aio_get_msg(immediateSendAIO)
                nng_aio_set_msg(immediateSendAIO, nil)
                if !sentAlready, unsent == nil {
                    continuation.resume(throwing: TransportError(.other, "request to \(address): nng dropped the message it could not send"))
                    return
                }
                state.withLock { state in
                    state.phase = sentAlready
                        ? .receiving(continuation, timeout: timeout)
                        : .sending(continuation, deadline: nng_clock() + nng_time(milliseconds), timeout: timeout)
                }
                nng_aio_set_timeout(aio, milliseconds)
                if let unsent {
                    nng_aio_set_msg(aio, unsent)
                    nng_ctx_send(context, aio)
                } else {
                    nng_ctx_recv(context, aio)
                }
                // A cancellation that arrived while the request was started took no effect then.
                cancelIfRequested()
            }
        } onCancel: {
            state.withLock { $0.cancelRequested = true }
            nng_aio_cancel(aio)
        }
    }

    private func cancelIfRequested() {
        if state.withLock({ $0.cancelRequested }) { nng_aio_cancel(aio) }
    }

    fileprivate func completed() {
        let result = nng_aio_result(aio)
        enum Next {
            case nothing
            case receive(nng_duration)
            case deliver(CheckedContinuation<[UInt8], any Error>)
            case fail(CheckedContinuation<[UInt8], any Error>, TransportError, unsent: Bool)
        }
        let next = state.withLock { state -> Next in
            switch state.phase {
            case .idle:
                return .nothing
            case .sending(let continuation, let deadline, let timeout):
                guard result == 0 else {
                    state.phase = .idle
                    return .fail(continuation, failure(result, timeout, connected: false), unsent: true)
                }
                let now = nng_clock()
                guard deadline > now else {
                    state.phase = .idle
                    return .fail(continuation, failure(Int32(NNG_ETIMEDOUT.rawValue), timeout, connected: true), unsent: false)
                }
                state.phase = .receiving(continuation, timeout: timeout)
                return .receive(nng_duration(deadline - now))
            case .receiving(let continuation, let timeout):
                state.phase = .idle
                guard result == 0 else {
                    return .fail(continuation, failure(result, timeout, connected: true), unsent: false)
                }
                return .deliver(continuation)
            }
        }
        switch next {
        case .nothing:
            break
        case .receive(let remaining):
            nng_aio_set_timeout(aio, remaining)
            nng_ctx_recv(context, aio)
            cancelIfRequested()
        case .deliver(let continuation):
            if let reply = nng_aio_get_msg(aio) {
                continuation.resume(returning: NNGMessage.take(reply))
            } else {
                continuation.resume(throwing: TransportError(.other, "reply from \(address) carried no message"))
            }
        case .fail(let continuation, let error, let unsent):
            if unsent, let message = nng_aio_get_msg(aio) { nng_msg_free(message) }
            continuation.resume(throwing: error)
        }
    }

    private func failure(_ result: Int32, _ timeout: Duration, connected: Bool) -> TransportError {
        switch UInt32(bitPattern: result) {
        case NNG_ETIMEDOUT.rawValue where connected:
            return TransportError(.timedOut, "no reply from \(address) within \(timeout)")
        case NNG_ETIMEDOUT.rawValue:
            return TransportError(.timedOut, "could not reach \(address) within \(timeout): is the service running?")
        case NNG_ECANCELED.rawValue:
            return TransportError(.cancelled, "request to \(address) cancelled")
        case NNG_ECLOSED.rawValue:
            return TransportError(.closed, "the client of \(address) was closed")
        default:
            return TransportError(nng: result, "request to \(address)")
        }
    }

    /// Teardown, on the teardown thread: stop every slot's aio before the socket closes (nng
    /// 1.5.2's close can otherwise wait forever on an operation caught half-started), and free
    /// them after it has. No callback runs once `stop` returns.
    func stop() {
        nng_aio_stop(aio)
        nng_aio_stop(immediateSendAIO)
    }

    func free() {
        nng_aio_free(aio)
        nng_aio_free(immediateSendAIO)
    }

}

/// At file scope so that it is nonisolated: nng calls it from its own threads.
private func clientSlotCallback(_ argument: UnsafeMutableRawPointer?) {
    guard let argument else { return }
    Unmanaged<ClientSlot>.fromOpaque(argument).takeUnretainedValue().completed()
}
