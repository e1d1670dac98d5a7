import Logging
import SluiceWire
import SluiceLogging

/// Turns request bytes into a call on an ``RPCService`` and its reply into response bytes.
/// It never throws and never crashes on bad input: bytes that do not decode, a protocol version
/// it does not speak and a request that names no call each get an error reply, and a request
/// resent under the same id gets the first reply rather than a second action. A call whose
/// caller the authenticator does not let make it is refused before the service sees it.
public struct ServiceHost<Service: RPCService>: Sendable {
    public let service: Service
    public let limits: WireLimits
    public let authenticator: Authenticator
    private let replies = ReplyCache()
    private let largeRequests = LargeRequestBudget()
    private let logger: Logger
    private let metrics: CallMetrics

    public init(service: Service, authenticator: Authenticator, limits: WireLimits = .default, logger: Logger) {
        self.service = service
        self.authenticator = authenticator
        self.limits = limits
        self.logger = logger
        self.metrics = CallMetrics(service: service.name)
    }

    public func respond(to bytes: [UInt8]) async -> [UInt8] {
        // Over the wire's limit, the decoder refuses it by its size alone, naming the limit.
        guard largeRequests.counts(bytes.count), bytes.count <= limits.maxMessageBytes else {
            return await answer(decoding(bytes), bytes)
        }
        // A large request: its sender is checked before anything else of it is decoded, and it
        // waits its turn to be decoded, so that a burst of them cannot grow the service's memory
        // with it. The turn ends with the decoding: a long poll does not hold it while it waits.
        let header = Self.header(in: bytes)
        if authenticator.mode != .off, !authenticator.knows(header?.token ?? "") {
            logger.debug("refused a large request from an unknown caller", metadata: [LogKey.count: "\(bytes.count)"])
            return refusal(
                .unauthenticated, "the \(service.name) service does not accept the token a request of \(bytes.count) bytes came with",
                requestID: header?.requestID ?? "")
        }
        guard await largeRequests.admit(bytes.count) else {
            return refusal(
                .resourceExhausted,
                "the \(service.name) service is handling as many large requests as it takes at once; "
                    + "send this one of \(bytes.count) bytes again shortly",
                requestID: header?.requestID ?? "")
        }
        let decoded = decoding(bytes)
        largeRequests.release(bytes.count)
        return await answer(decoded, bytes)
    }

    /// A request's header, decoded alone; nil when the bytes hold none that decodes.
    private static func header(in bytes: [UInt8]) -> RequestHeader? {
        guard let range = WireFields.payloads(of: 1, in: bytes)?.last, range.count <= 64 << 10 else { return nil }
        return try? RequestHeader(serializedBytes: Array(bytes[range]))
    }

    private func refusal(_ code: ErrorCode, _ message: String, requestID: String) -> [UInt8] {
        encode(.init(header: responseHeader(requestID: String(requestID.prefix(RequestBounds.idBytes))),
                     reply: Service.Response.errorReply(ServiceError(code, message))))
    }

    /// The request, or the reply refusing bytes that do not decode as one.
    private func decoding(_ bytes: [UInt8]) -> Result<Service.Request, MalformedRequest> {
        do {
            return .success(try Service.Request(serializedBytes: bytes, limits: limits))
        } catch {
            logger.debug("refused a malformed request", metadata: [LogKey.error: "\(error)"])
            return .failure(MalformedRequest(reply: encode(.init(
                header: responseHeader(requestID: ""),
                reply: Service.Response.errorReply(ServiceError(
                    .malformedMessage,
                    "the \(service.name) service could not decode the request as \(Service.Request.protoName): \(error.message)"))))))
        }
    }

    private struct MalformedRequest: Error {
        let reply: [UInt8]
    }

    private func answer(_ decoded: Result<Service.Request, MalformedRequest>, _ bytes: [UInt8]) async -> [UInt8] {
        let request: Service.Request
        switch decoded {
        case .success(let decodedRequest): request = decodedRequest
        case .failure(let malformed): return malformed.reply
        }
        let header = request.header ?? RequestHeader()
        if let refusal = refusal(of: request, header) {
            return encode(.init(header: responseHeader(requestID: header.requestID), reply: Service.Response.errorReply(refusal)))
        }
        let call = request.call!
        // Checked before the reply cache: a resent request is answered from it only when it
        // carries the same token, and only a caller allowed the call gets as far.
        let principal: Principal
        do {
            principal = try authenticator.principal(
                for: header.token, calling: call.fieldName, needing: service.access(for: call), on: service.name)
        } catch {
            metrics.record(call: call.fieldName, outcome: error.code.name, since: .now)
            logger.debug("refused a call", metadata: [LogKey.error: "\(error.message)"])
            return encode(.init(header: responseHeader(requestID: header.requestID), reply: Service.Response.errorReply(error)))
        }
        guard !header.requestID.isEmpty else { return await answer(call, principal, header, bytes) }
        return await replies.reply(requestID: header.requestID, request: bytes) {
            await answer(call, principal, header, bytes)
        }
    }

    /// Why the request cannot be a call at all: a protocol version this service does not speak,
    /// or no call of this service.
    private func refusal(of request: Service.Request, _ header: RequestHeader) -> ServiceError? {
        if header.protocolVersion != 0, header.protocolVersion != WireProtocol.version {
            return ServiceError(
                .protocolMismatch,
                "the request speaks protocol version \(header.protocolVersion); the \(service.name) service speaks \(WireProtocol.version)")
        }
        if request.call == nil {
            return ServiceError(
                .invalidArgument, "the request names no call the \(service.name) service has; was it meant for another service?")
        }
        return nil
    }

    private func answer(_ call: Service.Request.Call, _ principal: Principal, _ header: RequestHeader, _ bytes: [UInt8]) async -> [UInt8] {
        let reply = await dispatch(call, principal, header, bytes)
        return encode(.init(header: responseHeader(requestID: header.requestID), reply: reply))
    }

    private func dispatch(
        _ call: Service.Request.Call, _ principal: Principal, _ header: RequestHeader, _ bytes: [UInt8]
    ) async -> Service.Response.Reply {
        let context = RPCCallContext(
            requestID: header.requestID,
            principal: principal,
            callerTimeout: header.timeoutMs > 0 ? .milliseconds(header.timeoutMs) : nil,
            requestBytes: bytes,
            logger: logger)
        let start = ContinuousClock.now
        do {
            let reply = try await service.handle(call, context: context)
            metrics.record(call: call.fieldName, outcome: "OK", since: start)
            return reply
        } catch let error as ServiceError {
            metrics.record(call: call.fieldName, outcome: error.code.name, since: start)
            return Service.Response.errorReply(error)
        } catch is CancellationError {
            metrics.record(call: call.fieldName, outcome: ErrorCode.unavailable.name, since: start)
            return Service.Response.errorReply(.unavailable("the \(service.name) service is shutting down"))
        } catch {
            metrics.record(call: call.fieldName, outcome: ErrorCode.internal.name, since: start)
            // The reply names no internals (a database error's text holds its SQL statement, as
            // long as the request made it); the log has them, shortened.
            context.logger.error("call failed", metadata: [LogKey.error: "\(Self.shortened(error))"])
            let request = header.requestID.isEmpty ? "" : " (request \(header.requestID.prefix(RequestBounds.idBytes)))"
            return Service.Response.errorReply(.internal(
                "the \(service.name) service failed to answer \(call.fieldName)\(request); its log says why"))
        }
    }

    /// An error's description, cut to 2,000 characters for the log.
    static func shortened(_ error: any Error) -> String {
        // The reflecting form: a database driver's errors say what failed only in it.
        let text = String(reflecting: error)
        return text.count > 2_000 ? text.prefix(2_000) + "… (\(text.utf8.count) bytes in all)" : text
    }

    private func responseHeader(requestID: String) -> ResponseHeader {
        ResponseHeader(protocolVersion: WireProtocol.version, requestID: requestID, service: service.name)
    }

    private func encode(_ response: Service.Response) -> [UInt8] {
        do {
            return try response.serializedBytes()
        } catch {
            // A reply that cannot be encoded (a string holding NUL) is a bug in the service;
            // the caller still gets an answer.
            logger.error("could not encode a reply", metadata: [LogKey.error: "\(error)"])
            let fallback = Service.Response(
                header: response.header,
                reply: Service.Response.errorReply(.internal("the \(service.name) service produced a reply it could not encode: \(error.message)")))
            return (try? fallback.serializedBytes()) ?? []
        }
    }
}
