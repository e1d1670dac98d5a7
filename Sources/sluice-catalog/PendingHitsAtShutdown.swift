import Logging
import ServiceLifecycle
import SluiceCatalog
import SluiceLogging

/// Runs beside the catalog's server and, at a graceful shutdown, writes the hit counts the
/// catalog still holds in memory, so that a restart finds them.
struct PendingHitsAtShutdown: Service {
    let catalog: CatalogService
    let logger: Logger

    func run() async throws {
        // Cancelled rather than shut down gracefully, the process still writes what it can.
        try? await gracefulShutdown()
        do {
            try await catalog.writePendingHits()
        } catch {
            logger.warning("hit counts not written at shutdown", metadata: [LogKey.error: "\(error)"])
        }
    }
}
