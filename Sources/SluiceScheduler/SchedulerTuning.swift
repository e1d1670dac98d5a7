/// The scheduler's tunables an operator may change (`services/scheduler/scheduler.yaml` documents
/// each); the defaults suit one machine and a cluster alike.
public struct SchedulerTuning: Sendable, Equatable {
    /// Events per `record_events` call to admin, well under the message size limit.
    public var eventsPerBatch = 4_000
    /// Nodes an execution starts in one turn before others get theirs: a 10,000-element map
    /// starts a slice at a time instead of holding the scheduler for the whole.
    public var startsPerTurn = 250
    /// Cache keys looked up in one call to the catalog.
    public var lookupsPerCall = 250
    /// Cache entries put in one call to the catalog (fewer when their outputs are large).
    public var putsPerCall = 1_000
    /// Dynamic subgraphs compiled at once for one batch of results.
    public var concurrentCompiles = 4
    /// An attempt queued this long that no connected executor can run is reported as unserved.
    public var unservedAfter = Duration.seconds(5)

    public init() {}
}
