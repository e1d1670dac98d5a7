import Logging
import PostgresNIO
import SluiceLogging

/// A pool of connections to one PostgreSQL database, its schema brought up to date, shared by
/// a service's store. Several processes (two admins) may use one database: migrations take an
/// advisory lock, so that two starting at once apply each migration once.
public final class PostgresStore: Sendable {
    public let location: PostgresLocation
    public let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    private init(location: PostgresLocation, client: PostgresClient, logger: Logger) {
        self.location = location
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Connects (retrying for `patience`, so that a service may start before its database
    /// does) and applies the migrations it has not applied yet. One lock covers every service's
    /// migrations: admin and the catalog may share a database and start together, and both
    /// create the table that records what was applied.
    public static func open(
        _ location: PostgresLocation, migrations: [PostgresMigration],
        patience: Duration = .seconds(30), logger: Logger
    ) async throws -> PostgresStore {
        let database = PostgresStore(location: location, client: PostgresClient(configuration: location.clientConfiguration), logger: logger)
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                try await database.client.query("SELECT 1", logger: logger)
                break
            } catch {
                guard ContinuousClock.now < deadline else {
                    throw PostgresOpenError(location: location, reason: String(reflecting: error))
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        try await database.migrate(migrations)
        return database
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws, and what it threw rethrown as it was (a ServiceError stays one).
    public func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private func migrate(_ migrations: [PostgresMigration]) async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('sluice.migrations'))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS sluice_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM sluice_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO sluice_migrations (name) VALUES (\(migration.name))", logger: logger)
                logger.info("migration applied", metadata: [LogKey.migration: "\(migration.name)"])
            }
        }
    }
}

/// The database could not be reached or prepared; names where, never the password.
public struct PostgresOpenError: Error, CustomStringConvertible, Sendable {
    public var location: PostgresLocation
    public var reason: String

    public var description: String {
        "cannot open the PostgreSQL database \(location): \(reason)"
    }
}
