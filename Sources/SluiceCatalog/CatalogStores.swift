import Logging
import SluicePostgres

/// Opens the store `--database` names: a PostgreSQL database for a `postgres://` (or
/// `postgresql://`) URL, else a SQLite file.
public enum CatalogStores {
    /// The store for `database`, its schema brought up to date. Throws `PostgresLocationError`
    /// for a malformed URL, `PostgresOpenError` or ``CatalogStoreOpenError`` when the database
    /// cannot be opened; none of them shows a password.
    public static func open(_ database: String, logger: Logger) async throws -> any CatalogStore {
        if PostgresLocation.isURL(database) {
            return try await PostgresCatalogStore.open(try PostgresLocation(url: database), logger: logger)
        }
        return try await SQLiteCatalogStore.open(at: database)
    }
}
