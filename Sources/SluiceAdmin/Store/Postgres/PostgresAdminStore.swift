import Logging
import NIOCore
import PostgresNIO
import SluicePostgres
import SluiceWire

/// The admin store in a PostgreSQL database: for a deployment that outgrows one machine, and
/// for several admins over one database. Each call is one transaction; rows that a
/// read-then-write depends on are locked (`FOR UPDATE` on the execution), so that two admins
/// recording events for one execution, or setting one signal, do so one after the other.
/// Commits announce what changed with `NOTIFY`, so that every admin's long polls wake (see
/// ``AdminStoreChange``).
public final class PostgresAdminStore: AdminStore {
    let database: PostgresStore
    let logger: Logger
    let workflowCache = RegisteredWorkflowCache()
    let notifications: PostgresNotifications

    private init(database: PostgresStore, logger: Logger) {
        self.database = database
        self.logger = logger
        self.notifications = PostgresNotifications(database: database, channel: Self.channel)
    }

    /// Connects to the database the URL names and brings its schema up to date.
    public static func open(url: String, logger: Logger = Logger(label: "sluice.admin.store")) async throws -> PostgresAdminStore {
        let location = try PostgresLocation(url: url)
        let database = try await PostgresStore.open(
            location, migrations: AdminPostgresSchema.migrations, logger: logger)
        return PostgresAdminStore(database: database, logger: logger)
    }

    public var healthDetails: [String: String] {
        ["store": "postgres", "store.database": database.location.description]
    }

    /// What other admins (and this one) committed; nil when a lost connection may have missed
    /// some.
    public func changes() -> AsyncStream<AdminStoreChange?>? {
        let payloads = notifications.subscribe()
        return AsyncStream { continuation in
            let task = Task {
                for await payload in payloads {
                    continuation.yield(payload.map { AdminStoreChange(payload: $0) } ?? nil)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The channel commits notify on; every admin over the database listens on it.
    static let channel = "sluice_admin"

    /// Runs `body` in one transaction.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await database.transaction(body)
    }

    /// One statement outside a transaction of its own making.
    func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await database.client.query(query, logger: logger)
    }
}

/// How messages are kept in BYTEA columns and read back.
enum PostgresColumns {
    static func bytes(_ message: some WireMessage) throws -> ByteBuffer {
        ByteBuffer(bytes: try message.serializedBytes())
    }

    static func message<M: WireMessage>(_ type: M.Type, from buffer: ByteBuffer) throws -> M {
        do {
            return try M(serializedBytes: Array(buffer.readableBytesView), limits: StoredColumns.limits)
        } catch {
            throw StoreCorruption("a stored \(M.protoName) cannot be read: \(error)")
        }
    }

    /// Sends `NOTIFY` for `change` when the transaction commits.
    static func notify(_ change: AdminStoreChange, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(PostgresAdminStore.channel), \(change.payload))", logger: logger)
    }
}
