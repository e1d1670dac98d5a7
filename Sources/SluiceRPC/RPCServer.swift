import Logging
import ServiceLifecycle
import SluiceTransport
import SluiceWire

/// An ``RPCService`` listening on nng addresses: a `Service` for a `ServiceGroup`, which stops
/// serving on graceful shutdown (SIGTERM) and closes its socket.
public struct RPCServer<S: RPCService>: Service {
    public let host: ServiceHost<S>
    private let transport: ReplyServer

    /// Binds at once, so an address in use fails here, before anything runs.
    public init(
        service: S,
        listeningOn addresses: [String],
        authenticator: Authenticator,
        options: ReplyServerOptions = ReplyServerOptions(),
        limits: WireLimits = .default,
        logger: Logger
    ) throws(TransportError) {
        self.transport = try ReplyServer(listeningOn: addresses, options: options, logger: logger)
        self.host = ServiceHost(service: service, authenticator: authenticator, limits: limits, logger: logger)
        transport.onConnectionClosed { service.connectionClosed($0) }
    }

    /// The addresses listened on, with `tcp://host:0` resolved to the port bound.
    public var addresses: [String] { transport.addresses }

    /// Starts serving at once, before any task runs; `run` then waits for shutdown. For callers
    /// that need the server answering the moment this returns (tests, the in-process runner).
    public func start() {
        let host = self.host
        transport.start { await host.respond(to: $0) }
    }

    public func run() async throws {
        let transport = self.transport
        let host = self.host
        await cancelWhenGracefulShutdown {
            await transport.run { await host.respond(to: $0) }
        }
        await transport.close()
    }

    /// Closes a server that was never run.
    public func close() async {
        await transport.close()
    }
}
