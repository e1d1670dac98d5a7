import ArgumentParser
import SluiceCatalog
import SluiceServiceRunner
import SluiceLogging

@main
struct SluiceCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-catalog", abstract: "Sluice's catalog: cached task outputs.")

    @OptionGroup var server: ServerOptions

    @Option(
        name: .customLong("database"),
        help: """
            The SQLite database file, created with its directory when missing (default: .sluice/catalog.sqlite), \
            or a postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE URL to keep the catalog in PostgreSQL.
            """)
    var database: String?

    func run() async throws {
        let settings = try await server.settings(service: "catalog", more: database.map { ["database": .init(flag: "--database", $0)] } ?? [:])
        let serverSettings = try ServerSettings(reading: settings, defaultAddress: CatalogService.defaultAddress)
        let catalog = try CatalogConfiguration(reading: settings)
        try settings.refuseUnknownKeys()
        try await ServiceRunner.serve(named: "catalog", settings: serverSettings) { logger in
            let store = try await CatalogStores.open(catalog.database, logger: logger)
            // A PostgreSQL store names its database without the URL's password.
            let location = store.healthDetails["database"] ?? catalog.database
            logger.info("catalog database open", metadata: [LogKey.store: "\(location)"])
            return CatalogService(store: store, limits: catalog.limits)
        } companions: { service, logger in
            [PendingHitsAtShutdown(catalog: service, logger: logger)]
        }
    }
}
