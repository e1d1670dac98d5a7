/// How a ``RequestClient`` dials and waits.
public struct RequestClientOptions: Sendable {
    /// Replies larger than this are dropped by nng (the request then times out). Requests larger
    /// than it are refused before they are sent, since a server with the same limit would drop them.
    public var maxMessageBytes: Int
    /// How long a request waits for its reply unless the call says otherwise.
    public var timeout: Duration
    /// nng redials a lost connection after this, doubling up to `reconnectMaximum`.
    public var reconnectMinimum: Duration
    public var reconnectMaximum: Duration
    /// The CA (and, for mutual TLS, a certificate) for a `tls+tcp://` address.
    public var tls: TLSFiles?

    public init(
        maxMessageBytes: Int = (16 << 20) + (64 << 10),
        timeout: Duration = .seconds(30),
        reconnectMinimum: Duration = .milliseconds(10),
        reconnectMaximum: Duration = .milliseconds(500),
        tls: TLSFiles? = nil
    ) {
        self.tls = tls
        self.maxMessageBytes = maxMessageBytes
        self.timeout = timeout
        self.reconnectMinimum = reconnectMinimum
        self.reconnectMaximum = reconnectMaximum
    }
}
