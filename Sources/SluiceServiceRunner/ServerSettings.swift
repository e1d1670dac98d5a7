import SluiceAuth
import SluiceMetrics
import SluiceSettings
import SluiceTransport

/// What every service with an nng server reads: where it listens, how many requests it
/// handles at once, and how it logs.
public struct ServerSettings: Sendable {
    public var listen: [String]
    public var transport: ReplyServerOptions
    public var log: LogSettings
    /// Where Prometheus scrapes the service's metrics, if anywhere.
    public var metrics: MetricsSettings
    /// Where `listen` came from, for errors about it.
    public var listenSource: String
    /// Who may call the service.
    public var authenticator: Authenticator

    public init(reading settings: SettingsReader, defaultAddress: String) throws {
        listen = try settings.strings("listen", default: [defaultAddress])
        listenSource = settings.sources["listen"] ?? "listen"
        guard !listen.isEmpty else {
            throw SettingsError("\(settings.sources["listen"] ?? "listen"): name at least one address to listen on")
        }
        let defaults = ReplyServerOptions()
        transport = defaults
        transport.maxConcurrentRequests = try settings.int(
            "server.maxConcurrentRequests", default: defaults.maxConcurrentRequests, in: 16...1_000_000)
        transport.maxRequestsPerConnection = try settings.int(
            "server.maxRequestsPerConnection", default: defaults.maxRequestsPerConnection, in: 1...1_000_000)
        log = try LogSettings(reading: settings)
        metrics = try MetricsSettings(reading: settings)
        authenticator = try AuthSettings.authenticator(reading: settings)
        transport.tls = try TLSSettings.files(reading: settings)
        if listen.contains(where: TLSFiles.isTLS), transport.tls?.certificate == nil {
            throw SettingsError("\(listenSource): a tls+tcp:// address needs tls.certificate and tls.key")
        }
    }
}
