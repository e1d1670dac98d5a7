import ArgumentParser
import SluiceRPC
import SluiceTransport
import SluiceScheduler
import SluiceServiceRunner
import SluiceSettings

@main
struct SluiceSchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-scheduler", abstract: "Sluice's scheduler: drives executions and dispatches task attempts.")

    @OptionGroup var server: ServerOptions

    @Option(help: "The admin service's address (else $SLUICE_ADMIN, else \(DefaultAddresses.admin)).")
    var admin: String?

    @Option(help: "The catalog's address (else $SLUICE_CATALOG, else \(DefaultAddresses.catalog)).")
    var catalog: String?

    @Option(help: ArgumentHelp(
        "How long a call to the catalog may take before the node runs without it, e.g. 1s or 500ms (default: 1s).",
        valueName: "duration"))
    var catalogDeadline: String?

    @Option(help: ArgumentHelp(
        "A file holding the token the scheduler calls admin and the catalog with (else $SLUICE_TOKEN_FILE, else $SLUICE_TOKEN).",
        valueName: "file"))
    var tokenFile: String?

    func run() async throws {
        var flags: [String: SettingsReader.FlagValue] = [:]
        if let tokenFile { flags["auth.tokenFile"] = .init(flag: "--token-file", tokenFile) }
        if let admin { flags["admin.address"] = .init(flag: "--admin", admin) }
        if let catalog { flags["catalog.address"] = .init(flag: "--catalog", catalog) }
        if let catalogDeadline { flags["catalog.deadline"] = .init(flag: "--catalog-deadline", catalogDeadline) }
        let settings = try await server.settings(service: "scheduler", more: flags)
        let serverSettings = try ServerSettings(reading: settings, defaultAddress: SchedulerService.defaultAddress)
        let scheduler = try SchedulerConfiguration(reading: settings)
        let token = try AuthSettings.token(reading: settings)
        try settings.refuseUnknownKeys()
        let adminClient: AdminClient
        do {
            adminClient = try AdminClient(address: scheduler.admin, token: token, options: RequestClientOptions(tls: serverSettings.transport.tls))
        } catch {
            throw ValidationError(
                "cannot use admin address \(scheduler.admin) (\(settings.sources["admin.address"] ?? "admin.address")): \(error.message)")
        }
        let catalogClient: CatalogClient
        do {
            catalogClient = try CatalogClient(address: scheduler.catalog, token: token, options: RequestClientOptions(tls: serverSettings.transport.tls))
        } catch {
            throw ValidationError(
                "cannot use catalog address \(scheduler.catalog) (\(settings.sources["catalog.address"] ?? "catalog.address")): \(error.message)")
        }
        try await ServiceRunner.serve(
            named: "scheduler", settings: serverSettings,
            makeService: { logger in
                let catalog = CatalogLink(
                    client: catalogClient, deadline: scheduler.catalogDeadline, reservationTTL: scheduler.reservationTTL,
                    quietPeriod: scheduler.catalogQuietPeriod, logger: logger)
                return SchedulerService(core: SchedulerCore(admin: adminClient, catalog: catalog, tuning: scheduler.tuning, logger: logger))
            },
            companions: { service, logger in [SchedulerLoops(admin: adminClient, core: service.core, logger: logger)] },
            sampleGauges: { service in await service.core.sampleGauges() })
    }
}
