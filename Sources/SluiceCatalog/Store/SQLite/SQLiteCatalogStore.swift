import Foundation
import GRDB
import SluiceWire

/// The catalog store in one SQLite file: the default, for a deployment on one machine.
///
/// The file is in WAL mode with `synchronous=NORMAL`: a committed put survives the process
/// being killed (a power loss may lose the last few). Listings read beside the one writer;
/// every access goes through GRDB's async API, so no Swift concurrency thread waits on the
/// database. Entries put or looked up lately are remembered (``RememberedEntries``), so a hit
/// on them is answered without the database; its count is written a moment later, and a kill
/// in that moment loses it.
public final class SQLiteCatalogStore: CatalogStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let remembered = RememberedEntries()

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (creating when missing, with its directory) the database at `path` and brings its
    /// schema up to date. Throws ``CatalogStoreOpenError`` when it cannot.
    public static func open(at path: String) async throws -> SQLiteCatalogStore {
        do {
            // Creating directories, opening the file and taking its locks can wait: done on a
            // dispatch thread, off the cooperative pool.
            let pool = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try makePool(at: path) }) }
            }
            try await bringSchemaUpToDate(pool)
            return SQLiteCatalogStore(path: path, pool: pool)
        } catch let error as CatalogStoreOpenError {
            throw error
        } catch {
            throw CatalogStoreOpenError(path: path, reason: "\(error)")
        }
    }

    public var healthDetails: [String: String] {
        ["store": "sqlite", "store.path": path]
    }

    private static func makePool(at path: String) throws -> DatabasePool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedDescription
            throw CatalogStoreOpenError(path: path, reason: "its directory \(directory.path) cannot be created (\(reason))")
        }
        var configuration = Configuration()
        configuration.label = "sluice.catalog"
        // A second process holding the file (a backup, a catalog starting twice) is waited for
        // on GRDB's threads instead of failing the call at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        return try DatabasePool(path: path, configuration: configuration)
    }

    private static func bringSchemaUpToDate(_ pool: DatabasePool) async throws {
        let migrator = CatalogSchema.migrator
        if try await pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw CatalogStoreOpenError(
                path: pool.path, reason: "its schema is newer than this release of sluice-catalog knows; use a newer release")
        }
        // The migrator decides which migrations to run before it takes the write lock, so two
        // catalogs opening the same new file at once can both run one. The loser fails and
        // tries again, finding what the winner did.
        for attempt in 1... {
            do {
                try await migrate(pool, with: migrator)
                return
            } catch where attempt < 5 {
                if try await pool.read(migrator.hasCompletedMigrations) { return }
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    private static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            migrator.asyncMigrate(pool) { result in continuation.resume(with: result.map { _ in () }) }
        }
    }
}

/// The catalog database could not be opened or brought up to date.
public struct CatalogStoreOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the catalog database at \(path): \(reason)" }
}
