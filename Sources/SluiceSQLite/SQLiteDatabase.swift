import Foundation
import GRDB

/// Why a service's SQLite file could not be opened; each store words it as its own error.
public struct SQLiteOpenFailure: Error {
    public var reason: String
}

/// Opening the SQLite file a service keeps its records in: the one way admin and the catalog
/// do it, so that they agree on durability, waiting for other processes and migrating.
public enum SQLiteDatabase {
    /// Opens (creating when missing, with its directory) the database at `path` and brings its
    /// schema up to date with `migrator`. The file is in WAL mode with `synchronous=NORMAL`: a
    /// committed transaction survives the process being killed (a power loss may lose the last
    /// few). The log is copied back into the file in the background (``BackgroundCheckpoints``).
    /// `service` names the program in the error for a schema newer than it knows. Every failure,
    /// whatever its source, is an ``SQLiteOpenFailure`` saying why.
    public static func open(
        at path: String, label: String, service: String, migrator: DatabaseMigrator
    ) async throws(SQLiteOpenFailure) -> DatabasePool {
        do {
            let pool = try await openAndMigrate(at: path, label: label, service: service, migrator: migrator)
            let checkpointer = try await onOwnThread {
                try DatabaseQueue(path: path, configuration: configuration(label: "\(label).checkpoints"))
            }
            try await BackgroundCheckpoints.start(for: pool, through: checkpointer)
            return pool
        } catch let failure as SQLiteOpenFailure {
            throw failure
        } catch {
            throw SQLiteOpenFailure(reason: "\(error)")
        }
    }

    private static func openAndMigrate(at path: String, label: String, service: String, migrator: DatabaseMigrator) async throws -> DatabasePool {
        // Creating directories, opening the file and taking its locks can wait: done on a
        // thread of its own, off Swift's cooperative pool.
        let pool = try await makePoolWaiting(at: path, label: label)
        if try await pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw SQLiteOpenFailure(reason: "its schema is newer than this release of \(service) knows; use a newer release")
        }
        // The migrator decides which migrations to run before it takes the write lock, so two
        // services opening the same new file at once can both run one. The loser fails and
        // tries again, finding what the winner did.
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                    migrator.asyncMigrate(pool) { result in continuation.resume(with: result.map { _ in () }) }
                }
                return pool
            } catch where attempt < 5 {
                if try await pool.read(migrator.hasCompletedMigrations) { return pool }
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    /// Switching a new file to WAL takes a lock that SQLite does not wait for, whatever the busy
    /// timeout: another process opening the same new file at that moment makes it fail at once.
    /// It is tried again, a little later each time, as the migrations are.
    private static func makePoolWaiting(at path: String, label: String) async throws -> DatabasePool {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await onOwnThread { try makePool(at: path, label: label) }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 10 {
                try await Task.sleep(for: .milliseconds(20 * attempt))
            }
        }
    }

    private static func makePool(at path: String, label: String) throws -> DatabasePool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedDescription
            throw SQLiteOpenFailure(reason: "its directory \(directory.path) cannot be created (\(reason))")
        }
        return try DatabasePool(path: path, configuration: configuration(label: label))
    }

    private static func configuration(label: String) -> Configuration {
        var configuration = Configuration()
        configuration.label = label
        // Another process holding the file (a second service starting, a backup) makes this one
        // wait its turn on GRDB's own threads rather than fail at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(BackgroundCheckpoints.writerLimit)")
            }
        }
        return configuration
    }

    private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
