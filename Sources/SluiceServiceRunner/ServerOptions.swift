import ArgumentParser
import Foundation
import SluiceSettings

/// The flags every service executable takes. Each names a setting that the configuration file
/// (`--config`) and `SLUICE_<SERVICE>_*` variables can also set; a flag wins over both.
public struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A YAML configuration file of the service's settings (else $SLUICE_<SERVICE>_CONFIG).", valueName: "file"))
    public var config: String?

    @Option(name: .customLong("listen"), help: "An nng address to listen on (tcp://, ipc://, tls+tcp://); repeatable.")
    public var listen: [String] = []

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: info).")
    public var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text or json (default: text).")
    public var logFormat: String?

    @Option(name: .customLong("metrics"), help: ArgumentHelp(
        "host:port to serve Prometheus metrics on, at /metrics (default: none).", valueName: "host:port"))
    public var metrics: String?

    @Option(name: .customLong("principals"), help: ArgumentHelp(
        "The principals file: who may call, with roles and token hashes (else $SLUICE_PRINCIPALS; required unless --no-auth).",
        valueName: "file"))
    public var principals: String?

    @Option(name: .customLong("tls-certificate"), help: ArgumentHelp("The PEM certificate for tls+tcp:// addresses.", valueName: "file"))
    public var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM key of the TLS certificate.", valueName: "file"))
    public var tlsKey: String?

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp(
        "The PEM CA that signs the certificates of the services this one dials, and of callers when it requires them.", valueName: "file"))
    public var tlsCA: String?

    @Flag(name: .customLong("tls-require-client-certificates"), help: "Refuse TLS callers without a certificate signed by --tls-ca (mutual TLS).")
    public var tlsRequireClientCertificates = false

    @Flag(name: .customLong("no-auth"), help: "Accept every call without a token, as an anonymous caller with every role (else $SLUICE_AUTH_OFF).")
    public var noAuth = false

    public init() {}

    /// A reader of `service`'s settings from these flags and `more` of the service's own, the
    /// process's environment and the configuration file.
    public func settings(
        service: String, more: [String: SettingsReader.FlagValue] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> SettingsReader {
        var flags = more
        if !listen.isEmpty { flags["listen"] = .init(flag: "--listen", listen) }
        if let logLevel { flags["log.level"] = .init(flag: "--log-level", logLevel) }
        if let logFormat { flags["log.format"] = .init(flag: "--log-format", logFormat) }
        if let metrics { flags["metrics.listen"] = .init(flag: "--metrics", metrics) }
        if let principals { flags["auth.principals"] = .init(flag: "--principals", principals) }
        if noAuth { flags["auth.off"] = .init(flag: "--no-auth", "true") }
        if let tlsCertificate { flags["tls.certificate"] = .init(flag: "--tls-certificate", tlsCertificate) }
        if let tlsKey { flags["tls.key"] = .init(flag: "--tls-key", tlsKey) }
        if let tlsCA { flags["tls.ca"] = .init(flag: "--tls-ca", tlsCA) }
        if tlsRequireClientCertificates { flags["tls.requireClientCertificates"] = .init(flag: "--tls-require-client-certificates", "true") }
        return try await SettingsReader(service: service, flags: flags, environment: environment, configFile: config)
    }
}
