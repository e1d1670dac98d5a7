import GRDB

/// The catalog database's schema, as migrations applied in order. A migration that has shipped
/// is never edited: a change is a new migration ("v2-...").
///
/// An entry's outputs are stored as LiteralMap protobuf bytes; the key, provenance and
/// bookkeeping sit in columns, so listings and evictions never decode outputs. Times are
/// nanoseconds since 1970.
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-entries", migrate: createEntries)
        migrator.registerMigration("v1-reservations", migrate: createReservations)
        migrator.registerMigration("v1-counters", migrate: createCounters)
        return migrator
    }

    private static func createEntries(_ db: Database) throws {
        // produced_at is the provenance's time (when the task ran), created_at when the entry
        // was put; an entry without provenance has empty execution and node ids.
        try db.execute(sql: """
            CREATE TABLE entries (
                digest TEXT PRIMARY KEY NOT NULL,
                task_name TEXT NOT NULL,
                cache_version TEXT NOT NULL,
                interface_hash TEXT NOT NULL,
                input_hash TEXT NOT NULL,
                outputs BLOB NOT NULL,
                execution_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                produced_at INTEGER,
                created_at INTEGER NOT NULL,
                last_hit_at INTEGER,
                hits INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX entries_by_task ON entries (task_name, cache_version, created_at);
            CREATE INDEX entries_by_execution ON entries (execution_id);
            CREATE INDEX entries_by_age ON entries (created_at, digest);
            """)
    }

    private static func createReservations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reservations (
                digest TEXT PRIMARY KEY NOT NULL,
                holder TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX reservations_by_expiry ON reservations (expires_at);
            """)
    }

    private static func createCounters(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE counters (
                name TEXT PRIMARY KEY NOT NULL,
                value INTEGER NOT NULL
            );
            INSERT INTO counters (name, value) VALUES ('hits', 0), ('misses', 0), ('puts', 0);
            """)
    }
}
