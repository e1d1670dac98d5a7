import SluiceTransport

/// `tls.certificate`, `tls.key`, `tls.ca` and `tls.requireClientCertificates`: the PEM files a
/// service uses on `tls+tcp://` addresses, listening (its certificate and key; the CA to check
/// callers' certificates against when it requires them) and dialing (the CA to check the server
/// against; its own certificate and key for a server that asks for one).
public enum TLSSettings {
    /// nil when no TLS setting is given: the service then neither listens nor dials on TLS.
    /// `serving` false for a party that only dials (an executor), which has no callers to ask
    /// for certificates.
    public static func files(reading settings: SettingsReader, serving: Bool = true) throws -> TLSFiles? {
        let certificate = try settings.string("tls.certificate", default: "")
        let key = try settings.string("tls.key", default: "")
        let ca = try settings.string("tls.ca", default: "")
        let require = serving ? try settings.bool("tls.requireClientCertificates", default: false) : false
        guard !certificate.isEmpty || !key.isEmpty || !ca.isEmpty || require else { return nil }
        guard certificate.isEmpty == key.isEmpty else {
            throw SettingsError("tls.certificate and tls.key go together; \(settings.service) was given only one of them")
        }
        if require, ca.isEmpty {
            throw SettingsError("tls.requireClientCertificates needs tls.ca, the CA that signs the callers' certificates")
        }
        return TLSFiles(
            certificate: certificate.isEmpty ? nil : certificate, key: key.isEmpty ? nil : key, ca: ca.isEmpty ? nil : ca,
            requirePeerCertificate: require)
    }
}
