internal import CNNG
import Foundation

/// nng's TLS configuration for one listener or dialer, made from ``TLSFiles``: the files are read
/// here, so that a missing or malformed one is an error naming it before anything listens or dials.
enum TLSConfiguration {
    enum Side {
        case server
        /// `host`: the name the server's certificate must carry.
        case client(host: String)
    }

    /// A configuration with one reference, for the caller to hand to nng and then free.
    static func make(_ files: TLSFiles, for side: Side, address: String) throws(TransportError) -> OpaquePointer {
        var config: OpaquePointer?
        let mode: nng_tls_mode
        if case .server = side { mode = NNG_TLS_MODE_SERVER } else { mode = NNG_TLS_MODE_CLIENT }
        try check(nng_tls_config_alloc(&config, mode), "making a TLS configuration for \(address)")
        guard let config else { throw TransportError(.other, "nng made no TLS configuration for \(address)") }
        do {
            try configure(config, files, side, address)
        } catch {
            nng_tls_config_free(config)
            throw error
        }
        return config
    }

    private static func configure(_ config: OpaquePointer, _ files: TLSFiles, _ side: Side, _ address: String) throws(TransportError) {
        try check(nng_tls_config_version(config, NNG_TLS_1_2, NNG_TLS_1_3), "choosing TLS versions for \(address)")
        switch (files.certificate, files.key) {
        case let (certificate?, key?):
            let certificateText = try pem(certificate, "certificate")
            let keyText = try pem(key, "key")
            try check(nng_tls_config_own_cert(config, certificateText, keyText, nil),
                      "using certificate \(certificate) with key \(key) for \(address)")
        case (nil, nil):
            if case .server = side {
                throw TransportError(.invalidAddress, "listening on \(address) needs a TLS certificate and key")
            }
        default:
            throw TransportError(.invalidAddress, "a TLS certificate and its key go together; \(address) was given one of them")
        }
        switch side {
        case .server:
            if files.requirePeerCertificate {
                guard let ca = files.ca else {
                    throw TransportError(.invalidAddress, "requiring client certificates on \(address) needs the CA that signs them")
                }
                try check(nng_tls_config_ca_chain(config, try pem(ca, "CA"), nil), "using CA \(ca) for \(address)")
                try check(nng_tls_config_auth_mode(config, NNG_TLS_AUTH_MODE_REQUIRED), "requiring client certificates on \(address)")
            } else {
                try check(nng_tls_config_auth_mode(config, NNG_TLS_AUTH_MODE_NONE), "configuring TLS for \(address)")
            }
        case .client(let host):
            // A client always checks whom it reaches: without a CA it could not.
            guard let ca = files.ca else {
                throw TransportError(.invalidAddress, "dialing \(address) needs the CA that signs the server's certificate")
            }
            try check(nng_tls_config_ca_chain(config, try pem(ca, "CA"), nil), "using CA \(ca) for \(address)")
            try check(nng_tls_config_auth_mode(config, NNG_TLS_AUTH_MODE_REQUIRED), "configuring TLS for \(address)")
            try check(nng_tls_config_server_name(config, host), "naming the server \(host) for \(address)")
        }
    }

    /// A PEM file's text, checked to be PEM, at most 1 MiB.
    private static func pem(_ path: String, _ what: String) throws(TransportError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TransportError(.invalidAddress, "cannot read the TLS \(what) file \(path)")
        }
        guard data.count <= 1 << 20, let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN ") else {
            throw TransportError(.invalidAddress, "the TLS \(what) file \(path) is not in PEM form")
        }
        return text
    }

    /// The host part of `tls+tcp://HOST:PORT`, for the server name check.
    static func host(of address: String) -> String {
        guard let start = address.range(of: "://") else { return address }
        var rest = address[start.upperBound...]
        if rest.hasPrefix("["), let end = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<end]) }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }
}
