import SluicePostgres

/// The admin database's schema in PostgreSQL, as migrations applied in order. A migration that
/// has shipped is never edited: a change is a new migration ("admin-002-...").
///
/// The tables are SQLite's (see `AdminSchema`): message payloads as protobuf bytes, beside them
/// the columns queries filter and order on, times as nanoseconds since 1970, and a `row` that
/// orders each table by insertion (registration, creation, or a node's first record). Text that
/// listings order by is `COLLATE "C"`: bytes, as SQLite orders, whatever the database's locale.
enum AdminPostgresSchema {
    static let migrations = [
        PostgresMigration("admin-001-initial", [
            """
            CREATE TABLE tasks (
                row BIGSERIAL PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL,
                version TEXT COLLATE "C" NOT NULL,
                digest TEXT NOT NULL,
                spec BYTEA NOT NULL,
                registered_at BIGINT NOT NULL,
                UNIQUE (name, version)
            )
            """,
            "CREATE INDEX tasks_by_name ON tasks (name, row)",
            """
            CREATE TABLE workflows (
                row BIGSERIAL PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL,
                version TEXT COLLATE "C" NOT NULL,
                digest TEXT NOT NULL,
                spec BYTEA NOT NULL,
                compiled BYTEA NOT NULL,
                registered_at BIGINT NOT NULL,
                UNIQUE (name, version)
            )
            """,
            "CREATE INDEX workflows_by_name ON workflows (name, row)",
            // An unnamed execution stores NULL as its name: NULLs never collide in a UNIQUE column.
            """
            CREATE TABLE executions (
                row BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT UNIQUE,
                workflow_name TEXT NOT NULL,
                workflow_version TEXT NOT NULL,
                phase INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                last_sequence BIGINT NOT NULL DEFAULT 0,
                execution BYTEA NOT NULL
            )
            """,
            "CREATE INDEX executions_by_workflow ON executions (workflow_name, row)",
            "CREATE INDEX executions_by_phase ON executions (phase, row)",
            """
            CREATE TABLE execution_labels (
                execution_id TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (execution_id, key)
            )
            """,
            "CREATE INDEX execution_labels_by_label ON execution_labels (key, value)",
            // row: the order nodes were first recorded in, which an upsert keeps.
            """
            CREATE TABLE node_executions (
                row BIGSERIAL,
                execution_id TEXT NOT NULL,
                node_id TEXT COLLATE "C" NOT NULL,
                started_at BIGINT,
                node BYTEA NOT NULL,
                PRIMARY KEY (execution_id, node_id)
            )
            """,
            "CREATE INDEX node_executions_by_row ON node_executions (execution_id, row)",
            """
            CREATE TABLE event_runs (
                execution_id TEXT NOT NULL,
                last_sequence BIGINT NOT NULL,
                first_sequence BIGINT NOT NULL,
                events BYTEA NOT NULL,
                PRIMARY KEY (execution_id, last_sequence)
            )
            """,
            // Cursors are taken under a lock held to commit (see PostgresAdminStore+Feed), so
            // that they commit in order: a poller never passes one that commits later.
            """
            CREATE TABLE feed (
                cursor BIGSERIAL PRIMARY KEY,
                execution_id TEXT NOT NULL,
                item BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE signals (
                row BIGSERIAL PRIMARY KEY,
                execution_id TEXT NOT NULL,
                signal_id TEXT NOT NULL,
                set_at BIGINT NOT NULL,
                signal BYTEA NOT NULL,
                UNIQUE (execution_id, signal_id)
            )
            """,
            """
            CREATE TABLE pending_gates (
                row BIGSERIAL PRIMARY KEY,
                execution_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                workflow_name TEXT NOT NULL,
                signal_id TEXT NOT NULL,
                gate BYTEA NOT NULL,
                UNIQUE (execution_id, node_id)
            )
            """,
            "CREATE INDEX pending_gates_by_workflow ON pending_gates (workflow_name, row)",
            "CREATE INDEX pending_gates_by_signal ON pending_gates (signal_id, row)",
            "CREATE INDEX pending_gates_by_workflow_and_signal ON pending_gates (workflow_name, signal_id, row)",
        ]),
    ]
}
