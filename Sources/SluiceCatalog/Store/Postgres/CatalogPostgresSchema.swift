import SluicePostgres

/// The catalog's schema in PostgreSQL, as migrations applied in order. A migration that has
/// shipped is never edited: a change is a new migration ("catalog-002-...").
///
/// The tables mirror SQLite's (``CatalogSchema``): outputs as LiteralMap protobuf bytes, the
/// key, provenance and bookkeeping in columns, times as nanoseconds since 1970. Their names
/// start with `catalog_` so that admin and the catalog may share one database.
enum CatalogPostgresSchema {
    static let migrations = [
        PostgresMigration("catalog-001-entries", [
            // Digests compare byte by byte (COLLATE "C") whatever the database's locale: a
            // digest prefix is then the range [prefix, prefix + "g"), and listings page in the
            // order SQLite gives. produced_at is the provenance's time, created_at the put's.
            """
            CREATE TABLE catalog_entries (
                digest TEXT COLLATE "C" PRIMARY KEY,
                task_name TEXT NOT NULL,
                cache_version TEXT NOT NULL,
                interface_hash TEXT NOT NULL,
                input_hash TEXT NOT NULL,
                outputs BYTEA NOT NULL,
                execution_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                attempt BIGINT NOT NULL,
                produced_at BIGINT,
                created_at BIGINT NOT NULL,
                last_hit_at BIGINT,
                hits BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX catalog_entries_by_task ON catalog_entries (task_name, cache_version, created_at, digest)",
            "CREATE INDEX catalog_entries_by_execution ON catalog_entries (execution_id)",
            "CREATE INDEX catalog_entries_by_age ON catalog_entries (created_at, digest)",
        ]),
        PostgresMigration("catalog-001-reservations", [
            """
            CREATE TABLE catalog_reservations (
                digest TEXT COLLATE "C" PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX catalog_reservations_by_expiry ON catalog_reservations (expires_at)",
        ]),
        PostgresMigration("catalog-001-counters", [
            // One row per shard, each holding all three totals; see ``PostgresCounters``.
            """
            CREATE TABLE catalog_counters (
                shard INTEGER PRIMARY KEY,
                hits BIGINT NOT NULL DEFAULT 0,
                misses BIGINT NOT NULL DEFAULT 0,
                puts BIGINT NOT NULL DEFAULT 0
            )
            """,
        ]),
    ]
}
