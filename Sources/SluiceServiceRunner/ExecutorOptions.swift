import ArgumentParser
import Foundation
import Logging
import SluiceRPC

/// The options of an executor executable (`sluice-executor`, or a user's own built on SluiceKit).
/// Each flag falls back to an environment variable, then to a default.
public struct ExecutorOptions: ParsableArguments {
    @Option(name: .customLong("scheduler"), help: "The scheduler's nng address (env SLUICE_SCHEDULER; default \(DefaultAddresses.scheduler)).")
    public var scheduler: String?

    @Option(name: .customLong("slots"), help: "How many attempts run at once (env SLUICE_EXECUTOR_SLOTS; default: the number of processors).")
    public var slots: Int?

    @Option(name: .customLong("pool"), help: "The executor pool to serve (default: the default pool).")
    public var pool: String = ""

    @Option(name: .customLong("work-dir"), help: "Where shell attempts get their directories (default: a temporary directory).")
    public var workDirectory: String?

    @Flag(name: .customLong("keep-attempt-dirs"), help: "Keep each shell attempt's directory after it ends, for debugging.")
    public var keepAttemptDirectories = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    public var logLevel: String = "info"

    public init() {}

    public func schedulerAddress(environment: [String: String]) -> String {
        if let scheduler, !scheduler.isEmpty { return scheduler }
        if let value = environment["SLUICE_SCHEDULER"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        return DefaultAddresses.scheduler
    }

    /// The slots asked for, or nil for the default. A value below 1 is refused.
    public func slotCount(environment: [String: String]) throws -> Int? {
        if let slots {
            guard slots >= 1 else { throw ValidationError("--slots must be at least 1, not \(slots)") }
            return slots
        }
        guard let text = environment["SLUICE_EXECUTOR_SLOTS"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw ValidationError("SLUICE_EXECUTOR_SLOTS must be a whole number of at least 1, not '\(text)'")
        }
        return value
    }

    public var workDirectoryURL: URL? {
        workDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    public func level() throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("unknown log level '\(logLevel)'; use trace, debug, info, notice, warning, error or critical")
        }
        return level
    }
}
