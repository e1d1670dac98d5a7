import ArgumentParser
import SluiceAdmin
import SluiceServiceRunner

@main
struct SluiceAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-admin", abstract: "Sluice's admin service: the system of record.")

    @OptionGroup var server: ServerOptions

    @Option(name: .customLong("database"), help: "The SQLite database file, created with its directory when missing (default: .sluice/admin.sqlite).")
    var database: String?

    func run() async throws {
        let settings = try await server.settings(service: "admin", more: database.map { ["database": .init(flag: "--database", $0)] } ?? [:])
        let serverSettings = try ServerSettings(reading: settings, defaultAddress: AdminService.defaultAddress)
        let admin = try AdminConfiguration(reading: settings)
        try settings.refuseUnknownKeys()
        try await ServiceRunner.serve(named: "admin", settings: serverSettings) { logger in
            let store = try await SQLiteAdminStore.open(at: admin.database)
            logger.info("admin database open", metadata: ["sluice.store.path": "\(admin.database)"])
            return AdminService(store: store, limits: admin.limits)
        }
    }
}
