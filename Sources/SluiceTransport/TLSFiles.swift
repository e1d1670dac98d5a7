/// The PEM files a party uses on `tls+tcp://` addresses.
///
/// A server presents `certificate` and `key`; with `requirePeerCertificate` it also asks each
/// caller for a certificate signed by `ca` and refuses the connection without one (mutual TLS).
/// A client checks the server's certificate against `ca` and the address's host name, and
/// presents `certificate` and `key`, when given, to a server that asks.
public struct TLSFiles: Sendable, Hashable {
    public var certificate: String?
    public var key: String?
    public var ca: String?
    public var requirePeerCertificate: Bool

    public init(certificate: String? = nil, key: String? = nil, ca: String? = nil, requirePeerCertificate: Bool = false) {
        self.certificate = certificate
        self.key = key
        self.ca = ca
        self.requirePeerCertificate = requirePeerCertificate
    }

    /// Whether an address is one nng reaches over TLS.
    public static func isTLS(_ address: String) -> Bool {
        address.hasPrefix("tls+tcp://") || address.hasPrefix("tls+tcp4://") || address.hasPrefix("tls+tcp6://")
    }
}
