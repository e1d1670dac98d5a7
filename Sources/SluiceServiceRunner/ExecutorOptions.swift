import ArgumentParser
import Foundation
import SluiceSettings

/// The flags of an executor executable (`sluice-executor`, or a user's own built on SluiceKit).
/// Each names a setting that the configuration file (`--config`) and `SLUICE_EXECUTOR_*`
/// variables can also set; a flag wins over both.
public struct ExecutorOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A YAML configuration file of the executor's settings (else $SLUICE_EXECUTOR_CONFIG).", valueName: "file"))
    public var config: String?

    @Option(name: .customLong("scheduler"), help: "The scheduler's nng address (else $SLUICE_SCHEDULER, else the default).")
    public var scheduler: String?

    @Option(name: .customLong("slots"), help: "How many attempts run at once (default: one per processor).")
    public var slots: String?

    @Option(name: .customLong("pool"), help: "The executor pool to serve (default: the default pool).")
    public var pool: String?

    @Option(name: .customLong("work-dir"), help: "Where shell attempts get their directories (default: a temporary directory).")
    public var workDirectory: String?

    @Flag(name: .customLong("keep-attempt-dirs"), help: "Keep each shell attempt's directory after it ends, for debugging.")
    public var keepAttemptDirectories = false

    @Option(name: .customLong("metrics"), help: ArgumentHelp(
        "host:port to serve Prometheus metrics on, at /metrics (default: none).", valueName: "host:port"))
    public var metrics: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "A file holding the token the executor calls the scheduler with (else $SLUICE_TOKEN_FILE, else $SLUICE_TOKEN).",
        valueName: "file"))
    public var tokenFile: String?

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp(
        "The PEM CA that signs a tls+tcp:// scheduler's certificate.", valueName: "file"))
    public var tlsCA: String?

    @Option(name: .customLong("tls-certificate"), help: ArgumentHelp(
        "The PEM certificate to present to a scheduler that requires one (mutual TLS).", valueName: "file"))
    public var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM key of --tls-certificate.", valueName: "file"))
    public var tlsKey: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: info).")
    public var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text or json (default: text).")
    public var logFormat: String?

    public init() {}

    /// A reader of the executor's settings from these flags, the process's environment and the
    /// configuration file.
    public func settings(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> SettingsReader {
        var flags: [String: SettingsReader.FlagValue] = [:]
        if let scheduler { flags["scheduler"] = .init(flag: "--scheduler", scheduler) }
        if let slots { flags["slots"] = .init(flag: "--slots", slots) }
        if let pool { flags["pool"] = .init(flag: "--pool", pool) }
        if let workDirectory { flags["workDirectory"] = .init(flag: "--work-dir", workDirectory) }
        if keepAttemptDirectories { flags["keepAttemptDirectories"] = .init(flag: "--keep-attempt-dirs", "true") }
        if let metrics { flags["metrics.listen"] = .init(flag: "--metrics", metrics) }
        if let tokenFile { flags["auth.tokenFile"] = .init(flag: "--token-file", tokenFile) }
        if let tlsCA { flags["tls.ca"] = .init(flag: "--tls-ca", tlsCA) }
        if let tlsCertificate { flags["tls.certificate"] = .init(flag: "--tls-certificate", tlsCertificate) }
        if let tlsKey { flags["tls.key"] = .init(flag: "--tls-key", tlsKey) }
        if let logLevel { flags["log.level"] = .init(flag: "--log-level", logLevel) }
        if let logFormat { flags["log.format"] = .init(flag: "--log-format", logFormat) }
        return try await SettingsReader(service: "executor", flags: flags, environment: environment, configFile: config)
    }
}
