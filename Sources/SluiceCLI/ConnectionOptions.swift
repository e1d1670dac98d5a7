import ArgumentParser
import Foundation
import SluiceRPC

/// Where the services are. Flags win over the environment (SLUICE_ADMIN, SLUICE_SCHEDULER,
/// SLUICE_CATALOG), which wins over the defaults.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The admin service's address (default: $SLUICE_ADMIN or \(DefaultAddresses.admin)).")
    var admin: String?

    @Option(help: "The scheduler's address (default: $SLUICE_SCHEDULER or \(DefaultAddresses.scheduler)).")
    var scheduler: String?

    @Option(help: "The catalog's address (default: $SLUICE_CATALOG or \(DefaultAddresses.catalog)).")
    var catalog: String?

    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 5

    var adminAddress: String { resolve(admin, "SLUICE_ADMIN", DefaultAddresses.admin) }
    var schedulerAddress: String { resolve(scheduler, "SLUICE_SCHEDULER", DefaultAddresses.scheduler) }
    var catalogAddress: String { resolve(catalog, "SLUICE_CATALOG", DefaultAddresses.catalog) }
    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    private func resolve(_ flag: String?, _ variable: String, _ fallback: String) -> String {
        if let flag { return flag }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return fallback
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
