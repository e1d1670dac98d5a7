import ArgumentParser
import SluiceKit
import SluiceRPC
import SluiceTransport

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

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp(
        "The PEM CA that signs the services' certificates, for tls+tcp:// addresses (default: $SLUICE_TLS_CA).", valueName: "file"))
    var tlsCA: String?

    @Option(name: .customLong("tls-certificate"), help: ArgumentHelp(
        "A PEM certificate to present to services that require one (default: $SLUICE_TLS_CERTIFICATE).", valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM key of --tls-certificate (default: $SLUICE_TLS_KEY).", valueName: "file"))
    var tlsKey: String?

    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 5

    var endpoints: SluiceEndpoints {
        var endpoints = SluiceEndpoints(admin: admin, scheduler: scheduler, catalog: catalog)
        if tlsCA != nil || tlsCertificate != nil || tlsKey != nil {
            var files = endpoints.tls ?? TLSFiles()
            files.ca = tlsCA ?? files.ca
            files.certificate = tlsCertificate ?? files.certificate
            files.key = tlsKey ?? files.key
            endpoints.tls = files
        }
        return endpoints
    }
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
