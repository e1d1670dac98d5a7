import ArgumentParser
import Foundation
import SluiceCatalog
import SluiceServiceRunner

@main
struct SluiceCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-catalog", abstract: "Sluice's catalog: cached task outputs.")

    @OptionGroup var server: ServerOptions

    @Option(
        name: .customLong("database"),
        help: """
            The SQLite database file, created with its directory when missing \
            (default: $\(CatalogDatabaseLocation.environmentVariable), else \(CatalogDatabaseLocation.defaultPath)).
            """)
    var database: String?

    func run() async throws {
        let path = CatalogDatabaseLocation.path(flag: database, environment: ProcessInfo.processInfo.environment)
        try await ServiceRunner.serve(
            named: "catalog", options: server, environmentVariable: "SLUICE_CATALOG_LISTEN",
            defaultAddress: CatalogService.defaultAddress
        ) { logger in
            let store = try await SQLiteCatalogStore.open(at: path)
            logger.info("catalog database open", metadata: ["sluice.store.path": "\(path)"])
            return CatalogService(store: store)
        } companions: { catalog, logger in
            [PendingHitsAtShutdown(catalog: catalog, logger: logger)]
        }
    }
}
