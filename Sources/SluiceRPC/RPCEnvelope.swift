import SluiceWire

/// A service's request message: a header and a oneof of every call the service has.
public protocol RPCRequestEnvelope: WireMessage {
    associatedtype Call: RPCCallName
    var header: RequestHeader? { get set }
    var call: Call? { get }
    init(header: RequestHeader?, call: Call?)
    /// Every service answers a cheap health call.
    static var healthCall: Call { get }
}

/// A service's response message: a header and a oneof of every call's result, or an error.
public protocol RPCResponseEnvelope: WireMessage {
    associatedtype Reply: Sendable
    var header: ResponseHeader? { get }
    var reply: Reply? { get }
    init(header: ResponseHeader?, reply: Reply?)
    static func errorReply(_ error: ServiceError) -> Reply
    static func error(in reply: Reply) -> ServiceError?
    static func health(in reply: Reply) -> HealthResponse?
}

/// A call of a request's oneof, which names its protobuf field ("list_executions") in messages.
public protocol RPCCallName: Sendable {
    var fieldName: String { get }
}
