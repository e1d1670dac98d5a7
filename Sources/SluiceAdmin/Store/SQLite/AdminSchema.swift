import GRDB

/// The admin database's schema, as migrations applied in order. A migration that has shipped is
/// never edited: a change is a new migration ("v2-...").
///
/// Message payloads are stored as protobuf bytes; columns beside them hold what queries filter
/// and order on. Times are nanoseconds since 1970. Each table's `row` orders by insertion,
/// which is registration or creation order.
enum AdminSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry", migrate: createRegistry)
        migrator.registerMigration("v1-executions", migrate: createExecutions)
        migrator.registerMigration("v1-events-and-feed", migrate: createEventsAndFeed)
        migrator.registerMigration("v2-signals-and-pending-gates", migrate: createSignalsAndPendingGates)
        migrator.registerMigration("v3-event-runs", migrate: createEventRuns)
        // Pages of an execution's nodes walk its rows in row order.
        migrator.registerMigration("v4-node-rows-by-execution") { db in
            try db.execute(sql: "CREATE INDEX node_executions_by_row ON node_executions (execution_id)")
        }
        return migrator
    }

    private static func createRegistry(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tasks (
                row INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                digest TEXT NOT NULL,
                spec BLOB NOT NULL,
                registered_at INTEGER NOT NULL,
                UNIQUE (name, version)
            );
            CREATE INDEX tasks_by_name ON tasks (name, row);
            CREATE TABLE workflows (
                row INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                digest TEXT NOT NULL,
                spec BLOB NOT NULL,
                compiled BLOB NOT NULL,
                registered_at INTEGER NOT NULL,
                UNIQUE (name, version)
            );
            CREATE INDEX workflows_by_name ON workflows (name, row);
            """)
    }

    private static func createExecutions(_ db: Database) throws {
        // An unnamed execution stores NULL as its name: NULLs never collide in a UNIQUE column.
        try db.execute(sql: """
            CREATE TABLE executions (
                row INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT UNIQUE,
                workflow_name TEXT NOT NULL,
                workflow_version TEXT NOT NULL,
                phase INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_sequence INTEGER NOT NULL DEFAULT 0,
                execution BLOB NOT NULL
            );
            CREATE INDEX executions_by_workflow ON executions (workflow_name, row);
            CREATE INDEX executions_by_phase ON executions (phase, row);
            CREATE TABLE execution_labels (
                execution_id TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (execution_id, key)
            );
            CREATE INDEX execution_labels_by_label ON execution_labels (key, value);
            CREATE TABLE node_executions (
                execution_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                started_at INTEGER,
                node BLOB NOT NULL,
                PRIMARY KEY (execution_id, node_id)
            );
            """)
    }

    private static func createEventsAndFeed(_ db: Database) throws {
        // AUTOINCREMENT: a cursor is never handed out twice, even after the newest items go.
        try db.execute(sql: """
            CREATE TABLE events (
                execution_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                event BLOB NOT NULL,
                PRIMARY KEY (execution_id, sequence)
            );
            CREATE TABLE feed (
                cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                execution_id TEXT NOT NULL,
                item BLOB NOT NULL
            );
            """)
    }

    private static func createSignalsAndPendingGates(_ db: Database) throws {
        // pending_gates holds one row per gate PAUSED now in an execution that has not ended,
        // kept by event recording, so listing what waits never reads the nodes of every
        // execution; each filter of the listing has an index in the listing's order. Releases before this one ran no gates: no node is PAUSED at one yet, and
        // the table starts empty.
        try db.execute(sql: """
            CREATE TABLE signals (
                row INTEGER PRIMARY KEY,
                execution_id TEXT NOT NULL,
                signal_id TEXT NOT NULL,
                set_at INTEGER NOT NULL,
                signal BLOB NOT NULL,
                UNIQUE (execution_id, signal_id)
            );
            CREATE TABLE pending_gates (
                row INTEGER PRIMARY KEY,
                execution_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                workflow_name TEXT NOT NULL,
                signal_id TEXT NOT NULL,
                gate BLOB NOT NULL,
                UNIQUE (execution_id, node_id)
            );
            CREATE INDEX pending_gates_by_workflow ON pending_gates (workflow_name, row);
            CREATE INDEX pending_gates_by_signal ON pending_gates (signal_id, row);
            CREATE INDEX pending_gates_by_workflow_and_signal ON pending_gates (workflow_name, signal_id, row);
            """)
    }

    /// Events kept as runs (see ``EventRunRows``) instead of a row each. The key ends with a
    /// run's last sequence number: the runs holding events after a given one are then a range
    /// of the key, read in order.
    private static func createEventRuns(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE event_runs (
                execution_id TEXT NOT NULL,
                last_sequence INTEGER NOT NULL,
                first_sequence INTEGER NOT NULL,
                events BLOB NOT NULL,
                PRIMARY KEY (execution_id, last_sequence)
            );
            """)
        try EventRunRows.moveFromEventsTable(db)
    }
}
