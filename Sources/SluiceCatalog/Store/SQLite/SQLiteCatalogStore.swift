import Foundation
import GRDB
import SluiceSQLite
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
            let pool = try await SQLiteDatabase.open(
                at: path, label: "sluice.catalog", service: "sluice-catalog", migrator: CatalogSchema.migrator)
            return SQLiteCatalogStore(path: path, pool: pool)
        } catch {
            throw CatalogStoreOpenError(path: path, reason: error.reason)
        }
    }

    public var healthDetails: [String: String] {
        ["store": "sqlite", "store.path": path]
    }
}

/// The catalog database could not be opened or brought up to date.
public struct CatalogStoreOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the catalog database at \(path): \(reason)" }
}
