import ArgumentParser
import Logging

/// The options every service executable takes. Addresses come from `--listen` flags, else from
/// the service's environment variable (comma-separated), else the service's default.
public struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("listen"), help: "An nng address to listen on (tcp://, ipc://); repeatable.")
    public var listen: [String] = []

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    public var logLevel: String = "info"

    public init() {}

    public func addresses(environmentVariable: String, default defaultAddress: String, environment: [String: String]) -> [String] {
        if !listen.isEmpty { return listen }
        if let value = environment[environmentVariable] {
            let fromEnvironment = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !fromEnvironment.isEmpty { return fromEnvironment }
        }
        return [defaultAddress]
    }

    public func level() throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("unknown log level '\(logLevel)'; use trace, debug, info, notice, warning, error or critical")
        }
        return level
    }
}
