import Logging
import SluicePostgres

/// Opens the store `database` names: a `postgres://` URL is a PostgreSQL database (several
/// admins may share it), anything else an SQLite file, created when missing.
public enum AdminStores {
    public static func open(_ database: String, logger: Logger) async throws -> any AdminStore {
        if PostgresLocation.isURL(database) {
            return try await PostgresAdminStore.open(url: database, logger: logger)
        }
        return try await SQLiteAdminStore.open(at: database)
    }

    /// Where the store is, for a log line: never a password.
    public static func describe(_ database: String) -> String {
        guard PostgresLocation.isURL(database) else { return database }
        return (try? PostgresLocation(url: database).description) ?? "a PostgreSQL database"
    }
}
