import Logging
import SluicePostgres

/// The catalog store in a PostgreSQL database: for a deployment where several catalogs, on
/// several machines, serve one cache.
///
/// Catalogs sharing the database see each other's entries and reservations at once: every
/// call is one transaction or one statement, hits are written by the lookup that counts them
/// (nothing waits in memory, so ``writePendingHits()`` has nothing to do), and a read-then-write
/// locks what it reads (see ``PostgresReservationLocks`` for reservations). Every access goes
/// through PostgresNIO's async API, so no Swift concurrency thread waits on the database.
public final class PostgresCatalogStore: CatalogStore {
    /// Where the database is; its description leaves the password out.
    public let location: PostgresLocation
    let database: PostgresStore
    let logger: Logger

    private init(location: PostgresLocation, database: PostgresStore, logger: Logger) {
        self.location = location
        self.database = database
        self.logger = logger
    }

    /// Connects to the database at `location`, waiting up to `patience` for it to accept
    /// connections, and brings its schema up to date. Throws `PostgresOpenError`, naming the
    /// database without its password, when it cannot.
    public static func open(
        _ location: PostgresLocation, patience: Duration = .seconds(30), logger: Logger
    ) async throws -> PostgresCatalogStore {
        let database = try await PostgresStore.open(
            location, migrations: CatalogPostgresSchema.migrations,
            patience: patience, logger: logger)
        return PostgresCatalogStore(location: location, database: database, logger: logger)
    }

    public var healthDetails: [String: String] {
        ["store": "postgres", "database": location.description]
    }
}
