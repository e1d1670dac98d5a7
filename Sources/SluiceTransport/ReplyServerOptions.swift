/// How a ``ReplyServer`` listens.
public struct ReplyServerOptions: Sendable {
    /// Requests larger than this are dropped by nng before they reach Swift, and the connection
    /// that sent them is closed. A little above the wire layer's 16 MiB message limit, so that
    /// the wire layer, not the transport, answers a merely large message with an error.
    public var maxMessageBytes: Int
    /// How many requests are served at once: one nng context each. Long polls hold theirs
    /// while they wait, so size this above the number of long-polling callers.
    public var concurrency: Int
    /// How long shutdown waits for replies already handed to nng to go out.
    public var replyGrace: Duration

    public init(maxMessageBytes: Int = (16 << 20) + (64 << 10), concurrency: Int = 128, replyGrace: Duration = .seconds(1)) {
        self.maxMessageBytes = maxMessageBytes
        self.concurrency = concurrency
        self.replyGrace = replyGrace
    }
}
