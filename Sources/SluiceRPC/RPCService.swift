import Logging
@_exported import SluiceAuth
import SluiceWire
import SluiceLogging

/// A service's calls: one method that answers every call of its request envelope. Domain
/// outcomes are replies; a refused call throws a ``ServiceError``, which becomes the reply's
/// error. Any other thrown error becomes an INTERNAL error naming it.
public protocol RPCService: Sendable {
    associatedtype Request: RPCRequestEnvelope
    associatedtype Response: RPCResponseEnvelope

    /// "admin", "scheduler", "catalog" or "executor": named in response headers and errors.
    var name: String { get }

    func handle(_ call: Request.Call, context: RPCCallContext) async throws -> Response.Reply

    /// What the call needs of its caller: checked before `handle` sees the call.
    func access(for call: Request.Call) -> CallAccess

    /// A caller's connection closed (its id is the ``CallerPresence/connection`` of the calls
    /// that came on it). Called on a transport thread: return quickly.
    func connectionClosed(_ connection: UInt32)
}

extension RPCService {
    public func connectionClosed(_ connection: UInt32) {}
}

/// What a handler knows about the call besides its arguments.
public struct RPCCallContext: Sendable {
    /// The caller's request id; empty when it sent none.
    public var requestID: String
    /// Who the call comes from, its token checked: what a service records as the actor of what
    /// the call does (who set a signal, who aborted an execution).
    public var principal: Principal
    /// How long the caller waits for the reply, when it said.
    public var callerTimeout: Duration?
    /// The request as it came, which decoded as the call: a service may keep part of it in
    /// these bytes instead of encoding it again (see ``WireFields``). Empty when the call did
    /// not come over the wire.
    public var requestBytes: [UInt8]
    private let serviceLogger: Logger

    public init(
        requestID: String = "", principal: Principal = .anonymous, callerTimeout: Duration? = nil, requestBytes: [UInt8] = [],
        logger: Logger
    ) {
        self.requestID = requestID
        self.principal = principal
        self.callerTimeout = callerTimeout
        self.requestBytes = requestBytes
        self.serviceLogger = logger
    }

    /// The service's logger with the request id attached. Built when asked for, since most
    /// calls log nothing.
    public var logger: Logger {
        var logger = serviceLogger
        if !requestID.isEmpty { logger[metadataKey: LogKey.requestID] = "\(requestID)" }
        return logger
    }
}
