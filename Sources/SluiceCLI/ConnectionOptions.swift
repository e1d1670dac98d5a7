import ArgumentParser
import SluiceKit
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

    @Option(help: ArgumentHelp(
        "The token to call with (default: $SLUICE_TOKEN, else the file $SLUICE_TOKEN_FILE, else the one `sluice up` wrote in .sluice).",
        valueName: "token"))
    var token: String?

    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 5

    var endpoints: SluiceEndpoints { SluiceEndpoints(admin: admin, scheduler: scheduler, catalog: catalog) }
    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Where `sluice up` makes the services listen: the same flags and environment as the other
/// commands use to find them, so that both agree without repeating addresses.
struct ListenOptions: ParsableArguments {
    @Option(help: "Where admin listens (default: $SLUICE_ADMIN or \(DefaultAddresses.admin)).")
    var admin: String?

    @Option(help: "Where the scheduler listens (default: $SLUICE_SCHEDULER or \(DefaultAddresses.scheduler)).")
    var scheduler: String?

    @Option(help: "Where the catalog listens (default: $SLUICE_CATALOG or \(DefaultAddresses.catalog)).")
    var catalog: String?

    var endpoints: SluiceEndpoints { SluiceEndpoints(admin: admin, scheduler: scheduler, catalog: catalog) }
}
