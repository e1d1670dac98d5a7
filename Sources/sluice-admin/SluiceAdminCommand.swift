import ArgumentParser
import SluiceAdmin
import SluiceServiceRunner
import SluiceLogging

@main
struct SluiceAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-admin", abstract: "Sluice's admin service: the system of record.")

    @OptionGroup var server: ServerOptions

    @Option(name: .customLong("database"), help: ArgumentHelp(
        "An SQLite file, created with its directory when missing, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: .sluice/admin.sqlite).",
        valueName: "file-or-url"))
    var database: String?

    func run() async throws {
        let settings = try await server.settings(service: "admin", more: database.map { ["database": .init(flag: "--database", $0)] } ?? [:])
        let serverSettings = try ServerSettings(reading: settings, defaultAddress: AdminService.defaultAddress)
        let admin = try AdminConfiguration(reading: settings)
        try settings.refuseUnknownKeys()
        try await ServiceRunner.serve(named: "admin", settings: serverSettings) { logger in
            let store = try await AdminStores.open(admin.database, logger: logger)
            logger.info("admin database open", metadata: [LogKey.store: "\(AdminStores.describe(admin.database))"])
            return AdminService(store: store, limits: admin.limits)
        } companions: { service, _ in
            [StoreChangeFollower(admin: service)]
        } sampleGauges: { service in
            await service.sampleGauges()
        }
    }
}
