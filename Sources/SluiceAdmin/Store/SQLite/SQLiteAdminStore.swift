import Foundation
import GRDB
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
            // Opening a file and taking its locks can wait: done on a thread of its own.
            pool = try await onOwnThread { try openPool(at: path) }
            try await migrate(pool)
        } catch let error as AdminStoreOpenError {
            throw error
        } catch {
            throw AdminStoreOpenError(path: path, reason: "\(error)")
        }
        return SQLiteAdminStore(path: path, pool: pool)
    }

    public var healthDetails: [String: String] {
        ["store": "sqlite", "store.path": path]
    }

    private static func openPool(at path: String) throws -> DatabasePool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AdminStoreOpenError(
                path: path,
                reason: "its directory \(directory.path) cannot be created (\((error as NSError).localizedDescription))")
        }
        var configuration = Configuration()
        configuration.label = "sluice.admin"
        // Another process holding the file (a second admin starting, a backup) makes this one wait
        // its turn on GRDB's own threads rather than fail at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return try DatabasePool(path: path, configuration: configuration)
    }

    private static func migrate(_ pool: DatabasePool) async throws {
        let migrator = AdminSchema.migrator
        let superseded = try await pool.read { db in try migrator.hasBeenSuperseded(db) }
        if superseded {
            throw AdminStoreOpenError(
                path: pool.path, reason: "its schema is newer than this release of sluice-admin knows; use a newer release")
        }
        // The migrator decides which migrations to run before it takes the write lock, so two
        // admins opening the same new file at once can both run one. The loser fails and tries
        // again, finding what the winner did.
        for attempt in 1... {
            do {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                    migrator.asyncMigrate(pool) { result in continuation.resume(with: result.map { _ in () }) }
                }
                return
            } catch where attempt < 5 {
                if try await pool.read(migrator.hasCompletedMigrations) { return }
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }
}

/// The admin database could not be opened or brought up to date.
public struct AdminStoreOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the admin database at \(path): \(reason)" }
}

/// Runs blocking work on a thread of its own, off Swift's cooperative pool.
private func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
