/// The metadata keys every Sluice service logs with, in one place: a log collector can then
/// follow one execution, node or attempt across admin, the scheduler, executors and the
/// catalog by one key each (`sluice.execution.id`, …), whichever service wrote the line.
public enum LogKey {
    public static let executionID = "sluice.execution.id"
    public static let nodeID = "sluice.node.id"
    public static let attemptID = "sluice.attempt.id"
    public static let executorID = "sluice.executor.id"
    public static let requestID = "sluice.request.id"
    /// A task or workflow as name:version.
    public static let task = "sluice.task"
    public static let workflow = "sluice.workflow"
    public static let signalID = "sluice.signal.id"
    /// Who a call came from or acted as (a signal's setter, an abort's requester).
    public static let actor = "sluice.actor"
    /// An execution's or node's phase.
    public static let phase = "sluice.phase"
    /// How many things a line is about (events recorded, entries stored, attempts running).
    public static let count = "sluice.count"
    /// How many of them were already there (events resent, entries kept).
    public static let duplicates = "sluice.duplicates"
    public static let error = "sluice.error"
    /// What went wrong, as a kind (a failure's kind, a refusal's code).
    public static let errorKind = "sluice.error.kind"
    /// Where a service listens, or the address it calls.
    public static let addresses = "sluice.addresses"
    public static let schedulerAddress = "sluice.scheduler"
    /// A store: an SQLite file or a PostgreSQL database (never its password).
    public static let store = "sluice.store"
    public static let migration = "sluice.migration"
    /// Where a service serves its metrics.
    public static let metrics = "sluice.metrics"
    /// How many cache lookups hit.
    public static let hits = "sluice.cache.hits"
    /// What an eviction selected.
    public static let eviction = "sluice.cache.eviction"
    /// A cache entry's digest.
    public static let cacheDigest = "sluice.cache.digest"
    public static let path = "sluice.path"
    public static let pool = "sluice.pool"
    public static let slots = "sluice.slots"
    /// The Swift tasks an executor serves.
    public static let swiftTasks = "sluice.swift_tasks"
}
