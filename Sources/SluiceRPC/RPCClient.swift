import Foundation
import SluiceTransport
import SluiceWire
import Synchronization

/// Calls one service: wraps each call in a request with a fresh request id, sends it, and
/// unwraps the reply. Usable from many tasks at once.
///
/// Every failure is a ``ServiceError``: the service's own, or one this client makes for a
/// service it cannot reach (UNAVAILABLE), a reply that does not come in time
/// (DEADLINE_EXCEEDED) or one it cannot decode (MALFORMED_MESSAGE). Cancelling the calling task
/// throws `CancellationError`.
public final class RPCClient<Request: RPCRequestEnvelope, Response: RPCResponseEnvelope>: Sendable {
    public let address: String
    public let token: String
    private let transport: RequestClient
    private let limits: WireLimits
    /// Request ids are this client's random prefix and a count: unique across clients without
    /// asking the system for randomness on every call.
    private let requestIDPrefix = UUID().uuidString.lowercased()
    private let requestCount = Atomic<UInt64>(0)

    public init(
        address: String,
        token: String = "",
        options: RequestClientOptions = RequestClientOptions(),
        limits: WireLimits = .default
    ) throws(ServiceError) {
        do {
            self.transport = try RequestClient(dialing: address, options: options)
        } catch {
            throw ServiceError(.invalidArgument, "cannot dial \(address): \(error.message)")
        }
        self.address = address
        self.token = token
        self.limits = limits
    }

    /// Sends the call and returns the service's reply, or throws the error it replied with.
    public func call(_ call: Request.Call, timeout: Duration? = nil) async throws -> Response.Reply {
        var header = RequestHeader(
            protocolVersion: WireProtocol.version,
            requestID: "\(requestIDPrefix)-\(requestCount.add(1, ordering: .relaxed).newValue)",
            token: token)
        if let timeout { header.timeoutMs = Self.milliseconds(timeout) }
        let request = Request(header: header, call: call)
        let bytes: [UInt8]
        do {
            bytes = try request.serializedBytes()
        } catch {
            throw ServiceError(.invalidArgument, "cannot encode the request: \(error.message)")
        }
        let replyBytes: [UInt8]
        do {
            replyBytes = try await transport.request(bytes, timeout: timeout)
        } catch {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            // A request too large to send is the caller's to fix, not the service's to recover
            // from: retrying it would never succeed.
            if error.code == .messageTooLarge { throw ServiceError(.invalidArgument, error.message) }
            throw ServiceError(error.code == .timedOut ? .deadlineExceeded : .unavailable, error.message)
        }
        let response: Response
        do {
            response = try Response(serializedBytes: replyBytes, limits: limits)
        } catch {
            throw ServiceError(.malformedMessage, "the reply from \(address) does not decode: \(error.message)")
        }
        guard let reply = response.reply else {
            throw ServiceError(.malformedMessage, "the reply from \(address) carries no result")
        }
        if let error = Response.error(in: reply) { throw error }
        return reply
    }

    /// Sends the call and extracts the expected result, e.g.
    /// `try await client.call(.health(.init())) { if case .health(let h) = $0 { h } else { nil } }`.
    public func call<Result>(
        _ call: Request.Call, timeout: Duration? = nil, expecting extract: (Response.Reply) -> Result?
    ) async throws -> Result {
        let reply = try await self.call(call, timeout: timeout)
        guard let result = extract(reply) else {
            throw ServiceError(.malformedMessage, "\(address) answered with a reply of another call")
        }
        return result
    }

    /// The service's health and version.
    public func health(timeout: Duration? = nil) async throws -> HealthResponse {
        try await call(Request.healthCall, timeout: timeout, expecting: Response.health(in:))
    }

    public func close() async {
        await transport.close()
    }

    /// For the header: whole milliseconds, clamped, so that no timeout can overflow.
    private static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        return total.overflow ? .max : UInt32(clamping: total.partialValue &+ attoseconds / 1_000_000_000_000_000)
    }
}

public typealias AdminClient = RPCClient<AdminRequest, AdminResponse>
public typealias SchedulerClient = RPCClient<SchedulerRequest, SchedulerResponse>
public typealias CatalogClient = RPCClient<CatalogRequest, CatalogResponse>
public typealias ExecutorClient = RPCClient<ExecutorRequest, ExecutorResponse>
