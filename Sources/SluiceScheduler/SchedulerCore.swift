import Logging
import SluiceEngine
import SluiceRPC
import SluiceWire

/// The scheduler's state: one execution machine per active execution, the attempts waiting
/// for executors, the attempts executors run, the timers. Every machine's effects pass
/// through here: events are persisted through admin (in batches, while the next batch
/// gathers) before the effects that follow them are acted on.
public actor SchedulerCore {
    let admin: AdminClient
    /// nil when the scheduler runs without a catalog: cacheable tasks then run (LOOKUP_FAILURE).
    let catalog: CatalogLink?
    let tuning: SchedulerTuning
    let logger: Logger

    var machines: [String: ExecutionMachine] = [:]
    var queue = AttemptQueue()
    var inFlight: [String: InFlightAttempt] = [:]
    /// Attempts dispatched again after a restart that an executor may still be running: its
    /// heartbeat claims them, or they are queued when their claim window ends.
    var awaitingClaim: [String: AttemptDispatch] = [:]
    /// Until the active executions are taken over after a start (see SchedulerCore+Startup):
    /// attempts executors claimed in heartbeats, by the executor, and results kept.
    var takingOver = true
    var earlyClaims: [String: String] = [:]
    var earlyCompletions: [CompleteAttemptRequest] = []
    /// Attempts to stop, told to their executors in the next heartbeat reply.
    var cancelRequested: Set<String> = []
    var executors: [String: ExecutorRecord] = [:]
    var parked: [UInt64: ParkedPoll] = [:]
    var parkOrder: [UInt64] = []
    var nextPollID: UInt64 = 0
    /// The one timer that answers parked polls whose wait ran out, and when it fires.
    var pollExpiryTask: Task<Void, Never>?
    var pollExpiryAt: ContinuousClock.Instant?
    /// When the sweep last looked for attempts no executor can run (see SchedulerCore+Unserved).
    var lastUnservedCheck = ContinuousClock.now
    var timers = TimerSchedule()
    var timerTask: Task<Void, Never>?
    var timerArmedFor: Timestamp?

    // The persistence pipeline.
    var pendingEvents: [Event] = []
    /// Per execution, the sequence number of the last event admin has recorded.
    var persistedThrough: [String: UInt64] = [:]
    var pendingActions: [(executionID: String, effect: EngineEffect)] = []
    /// Some pending event must go out now; without it, pending events are ones that may wait
    /// (see ``applyLater(_:for:)``).
    var flushWanted = false
    /// A flush loop is running; it takes whatever is pending when its batch goes out.
    var flushing = false
    /// While one turn applies several executors' results, the flush waits for the turn's end,
    /// so that they go out in one batch.
    var flushHeld = false
    var lateFlushTask: Task<Void, Never>?
    var adminOutage = false
    /// Executions being failed because admin refused their transitions (see ``failUnrecorded(_:reason:)``).
    var failingUnrecorded: Set<String> = []

    public init(admin: AdminClient, catalog: CatalogLink? = nil, tuning: SchedulerTuning = SchedulerTuning(), logger: Logger) {
        self.admin = admin
        self.catalog = catalog
        self.tuning = tuning
        self.logger = logger
    }

    // MARK: Executions

    /// Takes over an execution from its persisted state: a new one starts, a running one
    /// (after a restart) carries on. Known executions are left alone.
    public func adopt(_ state: ExecutionState) {
        guard let id = state.execution?.id, machines[id] == nil else { return }
        guard let (machine, effects) = ExecutionMachine.restoring(state, now: .now(), startingAtMost: tuning.startsPerTurn)
        else { return }
        if machine.isFinished && effects.isEmpty { return }
        machines[id] = machine
        apply(effects, for: id)
        applyEarlyCompletions(of: id)
        startMoreLater(id)
    }

    /// How many nodes of a new execution one turn of this actor starts. A wide workflow starts
    /// over several turns, and each turn's effects go out before the next turn: the catalog
    /// answers the first nodes' cache lookups (one call) and executors take their attempts
    /// while the rest start, instead of everything waiting for the last node's start
    /// (``SchedulerTuning/startsPerTurn``; fewer per turn measured slower, more no faster).

    /// Starts more of the execution's ready nodes in a later turn, when a turn left some.
    private func startMoreLater(_ executionID: String) {
        guard withMachine(executionID, { $0.hasNodesLeftToStart }) ?? false else { return }
        Task {
            let turn = self.withMachine(executionID) { $0.startMore(now: .now(), startingAtMost: self.tuning.startsPerTurn) }
            guard let effects = turn else { return }
            self.apply(effects, for: executionID)
            self.startMoreLater(executionID)
        }
    }

    public func abort(_ executionID: String, _ info: AbortInfo) {
        guard let effects = withMachine(executionID, { $0.abort(info, now: .now()) }) else { return }
        apply(effects, for: executionID)
    }

    /// Runs `body` on an execution's machine in place; nil when the execution is not here.
    /// Copying a machine out of the dictionary and back would make its node table shared
    /// while `body` runs, so every event would copy the whole table (copy-on-write).
    func withMachine<Result>(_ executionID: String, _ body: (inout ExecutionMachine) -> Result) -> Result? {
        guard machines[executionID] != nil else { return nil }
        return body(&machines[executionID]!)
    }

    /// A signal set through admin: gates waiting for it resume at once; one set early waits
    /// in the machine for its gate.
    public func signal(_ executionID: String, _ signal: Signal) {
        guard let effects = withMachine(executionID, { $0.signalArrived(signal, now: .now()) }) else { return }
        // The persist behind a resumed gate is on the path to the next task's start.
        flushingAtOnce { apply(effects, for: executionID) }
    }

    public var activeExecutionCount: Int { machines.count }

    // MARK: Effects

    func apply(_ effects: [EngineEffect], for executionID: String) {
        guard !effects.isEmpty else { return }
        var lookups = CacheWork()
        for effect in effects {
            switch effect {
            case .record(let event):
                pendingEvents.append(event)
            case .cacheLookup(let lookup) where lookup.reserveAs == nil:
                // A plain lookup changes nothing anywhere, so it need not wait for the events
                // before it: its answer comes back as a stimulus, and what that causes is
                // recorded before it is acted on. (A reservation does change the catalog.)
                lookups.lookups.append((executionID, lookup))
            default:
                pendingActions.append((executionID, effect))
            }
        }
        if !lookups.isEmpty { startCatalogCalls(lookups) }
        flushWanted = true
        startFlushing()
    }

    /// Runs `body`, which applies effects, holding the flush until it ends; then sends their
    /// events from this thread (see ``startFlushing(atOnce:)``), all in one batch.
    func flushingAtOnce<Result>(_ body: () -> Result) -> Result {
        flushHeld = true
        let result = body()
        flushHeld = false
        startFlushing(atOnce: true)
        return result
    }

    /// Starts the flush loop unless it runs or is held. `atOnce` runs it on this thread until
    /// its batch is sent, instead of waking another for it: the persist behind an attempt's
    /// result is on the path to the next task's start.
    func startFlushing(atOnce: Bool = false) {
        guard !flushing, !flushHeld, flushWanted || !pendingActions.isEmpty else { return }
        flushing = true
        if atOnce {
            Task.immediate { await self.flushLoop() }
        } else {
            Task { await self.flushLoop() }
        }
    }

    /// How long events that nothing waits on may wait for company.
    static let lateFlushDelay: Duration = .milliseconds(20)

    /// Applies effects that are only events nothing waits on (an attempt handed to its
    /// executor): they go out with the next batch, or after ``lateFlushDelay``. A short task's
    /// start is thus recorded with its result, in one round trip to admin instead of two, and
    /// a restart before they are recorded loses nothing: the executor's heartbeat claims the
    /// attempt again.
    func applyLater(_ effects: [EngineEffect], for executionID: String) {
        guard effects.allSatisfy({ if case .record = $0 { true } else { false } }) else {
            return apply(effects, for: executionID)
        }
        for case .record(let event) in effects { pendingEvents.append(event) }
        guard !pendingEvents.isEmpty, lateFlushTask == nil else { return }
        lateFlushTask = Task {
            try? await Task.sleep(for: Self.lateFlushDelay)
            self.flushLate()
        }
    }

    private func flushLate() {
        lateFlushTask = nil
        guard !pendingEvents.isEmpty else { return }
        flushWanted = true
        startFlushing()
    }

    private func flushLoop() async {
        // Events held back by `applyLater` ride along, in order, but do not start a batch.
        while flushWanted || !pendingActions.isEmpty {
            flushWanted = false
            // Taken whole: clearing them "keeping capacity" while these copies live would
            // allocate buffers as large as the largest batch ever (a map's start) at every flush.
            let events = pendingEvents
            var actions = pendingActions
            pendingEvents = []
            pendingActions = []
            var refused: [String: String] = [:]
            for range in EventBatches.ranges(of: events, limit: tuning.eventsPerBatch) {
                let batch = refused.isEmpty ? Array(events[range]) : events[range].filter { refused[$0.executionID] == nil }
                refused.merge(await persist(batch)) { first, _ in first }
            }
            // Nothing is acted on that was not recorded, except what only undoes work (stopping
            // an attempt, giving a reservation back): the execution is about to end anyway.
            if !refused.isEmpty { actions.removeAll { refused[$0.executionID] != nil && !$0.effect.onlyUndoes } }
            perform(actions)
            for (executionID, reason) in refused.sorted(by: { $0.key < $1.key }) {
                failUnrecorded(executionID, reason: reason)
            }
        }
        flushing = false
    }

    /// Records events through admin, retrying while it is unreachable: the effects behind
    /// them wait, and nothing is acted on that is not persisted. Returns the executions whose
    /// events admin refused (or that could not be sent at all, too large for a message), with
    /// why. A refused batch is sent again in parts, one execution at a time, and one execution's
    /// events in halves, so that only the events at fault are refused: one execution's bad
    /// events hold up no other, and a batch merely too large as a whole goes out in pieces.
    private func persist(_ events: [Event]) async -> [String: String] {
        guard !events.isEmpty else { return [:] }
        var delay: Duration = .milliseconds(50)
        while true {
            do {
                let start = ContinuousClock.now
                let reply = try await admin.call(.recordEvents(RecordEventsRequest(events: events)), timeout: .seconds(10))
                SchedulerMetrics.persistLatency.record(duration: ContinuousClock.now - start)
                SchedulerMetrics.eventBatches.increment()
                // What admin applied: a batch resent after a lost reply counts its events once.
                if case .recordEvents(let recorded) = reply { SchedulerMetrics.eventsRecorded.increment(by: recorded.applied) }
                for event in events { persistedThrough[event.executionID] = max(persistedThrough[event.executionID] ?? 0, event.sequence) }
                if adminOutage {
                    adminOutage = false
                    logger.info("admin reachable again; recorded the waiting events")
                }
                return [:]
            } catch let error as ServiceError where Self.isTransient(error) {
                if !adminOutage {
                    adminOutage = true
                    logger.warning("cannot record events, retrying until admin answers: \(error.message)")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            } catch {
                let executionIDs = EventBatches.executionIDs(in: events)
                let parts: [[Event]]
                if executionIDs.count > 1 {
                    parts = executionIDs.map { executionID in events.filter { $0.executionID == executionID } }
                } else if events.count > 1 {
                    // Halves, kept whole around an attempt's end where that still splits them.
                    let halves = EventBatches.ranges(of: events, limit: (events.count + 1) / 2)
                    parts = halves.count > 1 ? halves.map { Array(events[$0]) } : events.map { [$0] }
                } else {
                    let reason = (error as? ServiceError)?.message ?? "\(error)"
                    return Dictionary(uniqueKeysWithValues: executionIDs.map { ($0, reason) })
                }
                var refused: [String: String] = [:]
                for part in parts where refused[part[0].executionID] == nil {
                    refused.merge(await persist(part)) { first, _ in first }
                }
                return refused
            }
        }
    }

    /// Ends an execution whose transitions admin refused (see
    /// ``ExecutionMachine/failUnrecorded(_:now:)``). If even its failure cannot be recorded, the
    /// scheduler lets it go rather than try for ever; admin then still shows it as it last
    /// recorded it.
    private func failUnrecorded(_ executionID: String, reason: String) {
        guard !failingUnrecorded.contains(executionID) else {
            logger.error("admin refused to record the failure of execution \(executionID) too; leaving it: \(reason)")
            failingUnrecorded.remove(executionID)
            machines[executionID] = nil
            persistedThrough[executionID] = nil
            abandon(executionID)
            return
        }
        logger.error("admin refused to record the transitions of execution \(executionID); failing it: \(reason)")
        guard let effects = withMachine(executionID, { $0.failUnrecorded(reason, now: .now()) }) else { return }
        failingUnrecorded.insert(executionID)
        apply(effects, for: executionID)
    }

    /// Stops everything of an execution this scheduler lets go without ending it: its attempts
    /// (queued, awaiting a claim, or running on an executor) and its reservations.
    private func abandon(_ executionID: String) {
        let prefix = executionID + ":"
        for attemptID in inFlight.keys where attemptID.hasPrefix(prefix) {
            inFlight[attemptID] = nil
            cancelRequested.insert(attemptID)
        }
        for attemptID in awaitingClaim.keys where attemptID.hasPrefix(prefix) { awaitingClaim[attemptID] = nil }
        queue.withdraw(executionID: executionID)
        catalog?.forgetHolders(of: executionID)
    }

    static func isTransient(_ error: ServiceError) -> Bool {
        switch error.code {
        case .unavailable, .deadlineExceeded, .internal, .resourceExhausted: true
        default: false
        }
    }

    private func perform(_ actions: [(executionID: String, effect: EngineEffect)]) {
        var dispatched = false
        var cacheWork = CacheWork()
        for (executionID, effect) in actions {
            switch effect {
            case .record:
                break
            case .dispatch(let dispatch):
                guard machines[executionID]?.isCurrent(attemptID: dispatch.assignment.attemptID) ?? false else { continue }
                // One an executor already runs (held, found again after a restart) is not a new start.
                if dispatch.heldBy.isEmpty {
                    SchedulerMetrics.attemptsStarted.increment()
                    if dispatch.assignment.attempt > 1 { SchedulerMetrics.attemptsRetried.increment() }
                }
                if claimedEarly(dispatch, executionID: executionID) {
                    continue
                } else if dispatch.heldBy.isEmpty {
                    queue.append(dispatch)
                    dispatched = true
                } else {
                    awaitClaim(dispatch)
                }
            case .cancel(let attemptID):
                queue.withdraw(attemptID)
                awaitingClaim[attemptID] = nil
                if inFlight.removeValue(forKey: attemptID) != nil { cancelRequested.insert(attemptID) }
            case .timer(let at, let key):
                timers.add(at: at, executionID: executionID, key: key)
                armTimer()
            case .cacheLookup(let lookup):
                cacheWork.lookups.append((executionID, lookup))
            case .cachePut(let put):
                cacheWork.puts.append((executionID, put))
            case .cacheHold(let key, let holder):
                catalog?.keepExtending(key, holder: holder)
            case .cacheRelease(let key, let holder):
                cacheWork.releases.append((key, holder))
            case .finished(let phase):
                if machines[executionID]?.isFinished ?? false {
                    machines[executionID] = nil
                    persistedThrough[executionID] = nil
                    failingUnrecorded.remove(executionID)
                    logger.debug("execution \(executionID) ended \(phase.name)")
                }
            }
        }
        if dispatched { serveParkedPolls() }
        if !cacheWork.isEmpty { startCatalogCalls(cacheWork) }
    }

    // MARK: Timers

    func armTimer() {
        guard let earliest = timers.earliest else { return }
        if let armed = timerArmedFor, armed <= earliest, timerTask != nil { return }
        timerTask?.cancel()
        timerArmedFor = earliest
        timerTask = Task {
            let delay = earliest.since(.now())
            if delay > .zero { try? await Task.sleep(for: delay) }
            if Task.isCancelled { return }
            self.fireDueTimers()
        }
    }

    private func fireDueTimers() {
        timerTask = nil
        timerArmedFor = nil
        let now = Timestamp.now()
        for entry in timers.popDue(now: now) {
            guard let effects = withMachine(entry.executionID, { $0.timerFired(entry.key, now: now) }) else { continue }
            apply(effects, for: entry.executionID)
        }
        armTimer()
    }
}
