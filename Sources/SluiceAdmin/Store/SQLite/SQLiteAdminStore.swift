import Foundation
import GRDB
import SluiceSQLite
import SluiceWire

/// The admin store in one SQLite file: the default, for a deployment on one machine.
///
/// The file is in WAL mode with `synchronous=NORMAL`: a committed transaction survives the
/// process being killed (a power loss may lose the last few). Readers run beside the one
/// writer. Reads go through GRDB's async API; a write runs on the calling thread when no other
/// write is under way and is awaited otherwise (see ``InlineWrites``), so no Swift concurrency
/// thread waits for another's access to the database.
public final class SQLiteAdminStore: AdminStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Every write goes through here: see ``InlineWrites``.
    let writes: InlineWrites
    let workflowCache = RegisteredWorkflowCache()
    /// The feed's newest items, so that the scheduler's poll of it needs no read: see ``FeedTail``.
    let feedTail = FeedTail()

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
        self.writes = InlineWrites(pool)
    }

    /// Opens (creating when missing, with its directory) the database at `path` and brings its
    /// schema up to date. Throws ``AdminStoreOpenError`` when it cannot.
    public static func open(at path: String) async throws -> SQLiteAdminStore {
        let pool: DatabasePool
        do {
            pool = try await SQLiteDatabase.open(
                at: path, label: "sluice.admin", service: "sluice-admin", migrator: AdminSchema.migrator)
        } catch {
            throw AdminStoreOpenError(path: path, reason: error.reason)
        }
        let store = SQLiteAdminStore(path: path, pool: pool)
        do {
            let cursor = try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(cursor) FROM feed") ?? 0 }
            store.feedTail.start(after: UInt64(max(cursor, 0)))
        } catch {
            throw AdminStoreOpenError(path: path, reason: "cannot read where the work feed stands: \(error)")
        }
        return store
    }

    public var healthDetails: [String: String] {
        ["store": "sqlite", "store.path": path]
    }
}

/// The admin database could not be opened or brought up to date.
public struct AdminStoreOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the admin database at \(path): \(reason)" }
}
