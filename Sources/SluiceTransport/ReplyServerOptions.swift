/// How a ``ReplyServer`` listens.
public struct ReplyServerOptions: Sendable {
    /// Requests larger than this are dropped by nng before they reach Swift, and the connection
    /// that sent them is closed: the caller gets no reply, and its REQ socket sends the request
    /// again on each reconnect. Four times the wire layer's 16 MiB message limit, so that the
    /// wire layer, not the transport, answers a request that is merely too large with an error
    /// naming the limit, and a caller learns what went wrong.
    public var maxMessageBytes: Int
    /// How many nng contexts are kept receiving while others handle requests: the server opens
    /// another each time a request arrives and fewer are left.
    public var spareContexts: Int
    /// The most requests handled at once (one context each; a long poll holds its context while
    /// it waits). Past it, the oldest request still waiting is answered at once (see
    /// ``CallerPresence``), so that new callers are always heard.
    public var maxConcurrentRequests: Int
    /// The most requests one connection has handled at once. Past it, the connection's oldest
    /// request still waiting is answered at once: a caller that abandons requests without
    /// hanging up (a REQ socket that timed out and sent another) only displaces its own. A client
    /// that really waits on more long polls than this over one connection sees its oldest
    /// answered early, again and again: give it more connections.
    public var maxRequestsPerConnection: Int
    /// How long shutdown waits for replies already handed to nng to go out.
    public var replyGrace: Duration
    /// The certificate (and, for mutual TLS, the CA) for `tls+tcp://` addresses.
    public var tls: TLSFiles?

    public init(
        maxMessageBytes: Int = 64 << 20, spareContexts: Int = 16, maxConcurrentRequests: Int = 4096,
        maxRequestsPerConnection: Int = 1024, replyGrace: Duration = .seconds(1), tls: TLSFiles? = nil
    ) {
        self.tls = tls
        self.maxMessageBytes = maxMessageBytes
        self.spareContexts = spareContexts
        self.maxConcurrentRequests = maxConcurrentRequests
        self.maxRequestsPerConnection = maxRequestsPerConnection
        self.replyGrace = replyGrace
    }
}
