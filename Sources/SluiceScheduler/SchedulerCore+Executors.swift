import SluiceTransport
import SluiceEngine
import SluiceRPC
import SluiceWire

/// An attempt an executor has taken.
struct InFlightAttempt {
    let executionID: String
    let executorID: String
    var lastSeen: ContinuousClock.Instant
    let heartbeatTimeout: Duration
}

struct ExecutorRecord {
    var info: ExecutorInfo
    var lastSeen: ContinuousClock.Instant
    var lastSeenAt: Timestamp
    var draining = false
    /// The connection its last call came on (see ``CallerPresence/connection``); 0 when unknown.
    var connection: UInt32 = 0
}

/// An executor's long poll waiting for attempts.
struct ParkedPoll {
    let executor: ExecutorInfo
    let slots: Int
    /// When it is answered empty if no attempt came.
    let deadline: ContinuousClock.Instant
    let continuation: CheckedContinuation<[AttemptAssignment], Never>
    /// Whether whoever sent the poll still waits for it: attempts go to no poll whose caller is gone.
    let caller: CallerPresence?
}

// What executors call: poll, heartbeat, complete, leave.
extension SchedulerCore {
    /// Up to `freeSlots` attempts the executor can run; waits up to `wait` for the first.
    func pollAttempts(_ request: PollAttemptsRequest) async -> [AttemptAssignment] {
        guard let info = request.executor, !info.executorID.isEmpty else { return [] }
        let draining = seen(info)
        let slots = Int(min(request.freeSlots, 10_000))
        guard !draining, slots > 0 else { return [] }
        let taken = queue.take(upTo: slots, for: info)
        if !taken.isEmpty || request.waitMs == 0 { return deliver(taken, to: info.executorID) }
        // An executor that hung up, or sent another poll instead of waiting for this one, is
        // answered at once: a poll nobody waits for must not hold one of the server's contexts.
        let caller = CallerPresence.current
        if caller?.isGone == true { return [] }
        let id = nextPollID
        nextPollID += 1
        let deadline = ContinuousClock.now + .milliseconds(Int64(min(request.waitMs, 60_000)))
        let watch = caller?.whenGone { Task { await self.expirePoll(id) } }
        defer { watch?.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                parked[id] = ParkedPoll(executor: info, slots: slots, deadline: deadline, continuation: continuation, caller: caller)
                parkOrder.append(id)
                armPollExpiry(for: deadline)
            }
        } onCancel: {
            Task { await self.expirePoll(id) }
        }
    }

    func expirePoll(_ id: UInt64) {
        guard let poll = parked.removeValue(forKey: id) else { return }
        parkOrder.removeAll { $0 == id }
        poll.continuation.resume(returning: [])
    }

    /// Hands queued attempts to waiting polls, oldest poll first.
    func serveParkedPolls() {
        var index = 0
        while index < parkOrder.count, queue.count > 0 {
            let id = parkOrder[index]
            guard let poll = parked[id], poll.caller?.isGone != true else {
                if let gone = parked.removeValue(forKey: id) { gone.continuation.resume(returning: []) }
                parkOrder.remove(at: index)
                continue
            }
            let taken = queue.take(upTo: poll.slots, for: poll.executor)
            if taken.isEmpty {
                index += 1
                continue
            }
            parked[id] = nil
            parkOrder.remove(at: index)
            poll.continuation.resume(returning: deliver(taken, to: poll.executor.executorID))
        }
    }

    private func deliver(_ dispatches: [AttemptDispatch], to executorID: String) -> [AttemptAssignment] {
        let now = ContinuousClock.now
        let timestamp = Timestamp.now()
        var assignments: [AttemptAssignment] = []
        assignments.reserveCapacity(dispatches.count)
        for dispatch in dispatches {
            let executionID = dispatch.assignment.executionID
            // Asked in place: a copy of the machine held over the loop would make each change
            // below copy its tables (all of a large map's nodes, per attempt).
            guard machines[executionID]?.isCurrent(attemptID: dispatch.assignment.attemptID) ?? false else { continue }
            // A body's decision also gets the values that arrived while it waited in the queue.
            var assignment = dispatch.assignment
            if assignment.history != nil {
                assignment = machines[executionID]?.deliverable(assignment, persistedThrough: persistedThrough[executionID] ?? 0) ?? assignment
            }
            inFlight[assignment.attemptID] = InFlightAttempt(
                executionID: assignment.executionID, executorID: executorID, lastSeen: now,
                heartbeatTimeout: dispatch.heartbeatTimeout)
            let effects = withMachine(assignment.executionID) {
                $0.attemptDelivered(assignment.attemptID, executorID: executorID, now: timestamp)
            }
            applyLater(effects ?? [], for: assignment.executionID)
            assignments.append(assignment)
        }
        return assignments
    }

    /// Notes the executor alive; returns whether it is draining.
    @discardableResult
    private func seen(_ info: ExecutorInfo) -> Bool {
        let now = ContinuousClock.now
        let connection = CallerPresence.current?.connection ?? 0
        if var record = executors[info.executorID] {
            record.info = info
            record.lastSeen = now
            record.lastSeenAt = .now()
            if connection != 0 { record.connection = connection }
            executors[info.executorID] = record
            return record.draining
        }
        makeRoomForAnExecutor()
        executors[info.executorID] = ExecutorRecord(info: info, lastSeen: now, lastSeenAt: .now(), connection: connection)
        return false
    }

    /// The executor that holds an attempt now: the one running it, the one a restart left it
    /// with, or the one that claimed it early; nil when none does.
    func holder(of attemptID: String) -> String? {
        if let flight = inFlight[attemptID] { return flight.executorID }
        if let held = awaitingClaim[attemptID]?.heldBy, !held.isEmpty { return held }
        return earlyClaims[attemptID]
    }

    /// PERMISSION_DENIED when an attempt named is held by an executor of another principal than
    /// the caller's (executor ids are qualified by their principal; see ``SchedulerService``):
    /// no executor reports results for another's attempts.
    func checkHolders(of attemptIDs: [String], principal: String, call: String) throws(ServiceError) {
        let own = SchedulerService.executorPrefix(of: principal)
        for attemptID in attemptIDs {
            guard let holder = holder(of: attemptID), !holder.hasPrefix(own) else { continue }
            throw ServiceError(
                .permissionDenied,
                "\(principal) may not call \(call) for attempt \(attemptID.prefix(200)), which an executor of another principal holds")
        }
    }

    /// Keeps the executor's attempts alive; answers which of them to stop. An attempt another
    /// executor holds is one to stop, and is left as it is there.
    func heartbeat(_ request: HeartbeatRequest) -> [String] {
        let now = ContinuousClock.now
        if var record = executors[request.executorID] {
            record.lastSeen = now
            record.lastSeenAt = .now()
            if let connection = CallerPresence.current?.connection, connection != 0 { record.connection = connection }
            executors[request.executorID] = record
        }
        var cancel: [String] = []
        for attemptID in request.attemptIDs {
            if let held = holder(of: attemptID), held != request.executorID {
                // Another executor runs it now (this one was thought lost), or a restart left it
                // with another: this one stops, and the other's attempt is not touched.
                cancel.append(attemptID)
            } else if cancelRequested.remove(attemptID) != nil {
                cancel.append(attemptID)
            } else if inFlight[attemptID] != nil {
                inFlight[attemptID]?.lastSeen = now
            } else if let executionID = Self.executionID(of: attemptID),
                      machines[executionID]?.isCurrent(attemptID: attemptID) ?? false,
                      let dispatch = awaitingClaim.removeValue(forKey: attemptID) ?? queue.remove(attemptID) {
                // Queued again after a restart while this executor still ran it: it keeps it.
                claim(dispatch, by: request.executorID, executionID: executionID)
            } else if let executionID = Self.executionID(of: attemptID), isEarly(executionID) || isBeingDispatched(attemptID),
                      earlyClaims.count < 100_000 {
                // Its execution is not taken over yet, or its dispatch not performed yet (it waits
                // for events to be recorded): the executor keeps it, and the dispatch finds it claimed.
                earlyClaims[attemptID] = request.executorID
            } else {
                cancel.append(attemptID)
            }
        }
        return cancel
    }

    /// Results from an executor of `principal`: refused whole, before any is applied, when one is
    /// for an attempt an executor of another principal holds; checked in the same turn of the
    /// actor as they are applied.
    func complete(_ requests: [CompleteAttemptRequest], from principal: String, call: String) throws(ServiceError) -> [Bool] {
        try checkHolders(of: requests.map(\.attemptID), principal: principal, call: call)
        return complete(requests)
    }

    /// Applies several results in one turn of the actor, so their events go out in one batch,
    /// sent before this returns.
    func complete(_ requests: [CompleteAttemptRequest]) -> [Bool] {
        flushingAtOnce {
            requests.map { request in
                if let executionID = Self.executionID(of: request.attemptID), isEarly(executionID) { return keepEarly(request) }
                return applyResult(request)
            }
        }
    }

    /// Hands an attempt an executor already runs (it said so in a heartbeat) to that executor:
    /// it is recorded RUNNING there, and its timeout starts, as for one handed out by a poll.
    func claim(_ dispatch: AttemptDispatch, by executorID: String, executionID: String) {
        let attemptID = dispatch.assignment.attemptID
        inFlight[attemptID] = InFlightAttempt(
            executionID: executionID, executorID: executorID, lastSeen: .now, heartbeatTimeout: dispatch.heartbeatTimeout)
        let effects = withMachine(executionID) { $0.attemptDelivered(attemptID, executorID: executorID, now: .now()) }
        applyLater(effects ?? [], for: executionID)
    }

    /// Whether the attempt is current in its execution but neither queued, awaiting a claim nor
    /// handed out: its dispatch is on its way (after the events before it are recorded).
    func isBeingDispatched(_ attemptID: String) -> Bool {
        guard let executionID = Self.executionID(of: attemptID), machines[executionID]?.isCurrent(attemptID: attemptID) == true
        else { return false }
        return inFlight[attemptID] == nil && awaitingClaim[attemptID] == nil && !queue.contains(attemptID)
    }

    /// Why the scheduler has never handed out this attempt, or nil when it may have: a result for
    /// it is then stale at worst. An attempt of an execution no longer held (it ended) may have
    /// been, and is answered as stale.
    func unknownAttempt(_ attemptID: String) -> String? {
        guard ExecutionMachine.isAttemptID(attemptID), let executionID = Self.executionID(of: attemptID) else {
            return "'\(attemptID.prefix(100))' is not an attempt id the scheduler hands out (execution:node:number)"
        }
        guard let machine = machines[executionID], !machine.hasHad(attemptID: attemptID) else { return nil }
        return "execution \(executionID) has had no attempt \(attemptID)"
    }

    /// Applies an attempt's result; false when the attempt is no longer current.
    func complete(_ request: CompleteAttemptRequest) -> Bool {
        complete([request])[0]
    }

    private func applyResult(_ request: CompleteAttemptRequest) -> Bool {
        let attemptID = request.attemptID
        let wasDelivered = inFlight.removeValue(forKey: attemptID) != nil
        guard let executionID = Self.executionID(of: attemptID) else { return false }
        let now = Timestamp.now()
        let effects = withMachine(executionID) { machine -> [EngineEffect]? in
            switch request.outcome {
            case .outputs(let outputs):
                if machine.isCurrent(attemptID: attemptID) { SchedulerMetrics.attemptsSucceeded.increment() }
                return machine.attemptSucceeded(attemptID, outputs: outputs, executorID: request.executorID, now: now)
            case .error(let error):
                if machine.isCurrent(attemptID: attemptID) { SchedulerMetrics.attemptsFailed.increment() }
                return machine.attemptFailed(attemptID, error: error, executorID: request.executorID, now: now)
            case .dynamic:
                // Compiled into outputs on the way in (compilingSubgraphs), unless the attempt
                // was not current then; it is no more current now.
                guard machine.isCurrent(attemptID: attemptID) else { return nil }
                SchedulerMetrics.attemptsFailed.increment()
                let error = ExecutionError(
                    kind: .system, code: "NotDynamic", message: "the executor returned a subgraph for a task that is not dynamic")
                return machine.attemptFailed(attemptID, error: error, executorID: request.executorID, now: now)
            case nil:
                if machine.isCurrent(attemptID: attemptID) { SchedulerMetrics.attemptsFailed.increment() }
                let error = ExecutionError(
                    kind: .system, code: "NoOutcome", message: "the executor completed the attempt without outputs or an error")
                return machine.attemptFailed(attemptID, error: error, executorID: request.executorID, now: now)
            }
        }
        guard let effects = effects ?? nil else { return false }
        // Only an attempt queued again after a restart, and reported by the executor that
        // already ran it, can still sit in the queue; don't scan it for every completion.
        if !wasDelivered {
            _ = queue.remove(attemptID)
            awaitingClaim[attemptID] = nil
        }
        apply(effects, for: executionID)
        return true
    }

    /// The executor drains: it gets no new attempts.
    func leave(_ executorID: String) {
        executors[executorID]?.draining = true
        for (id, poll) in parked where poll.executor.executorID == executorID {
            expirePoll(id)
        }
    }

    func executorStatuses() -> [ExecutorStatus] {
        executors.values.sorted { $0.info.executorID < $1.info.executorID }.map { record in
            ExecutorStatus(
                info: record.info, lastSeenAt: record.lastSeenAt,
                runningAttemptIDs: inFlight.filter { $0.value.executorID == record.info.executorID }.keys.sorted(),
                draining: record.draining)
        }
    }

    /// Attempts whose executors went silent are lost; executors silent for long are forgotten.
    func sweep() {
        let now = ContinuousClock.now
        let timestamp = Timestamp.now()
        // Claims made before the takeover that no dispatch met: heartbeats claim them anew.
        if !takingOver { earlyClaims.removeAll() }
        for (attemptID, attempt) in inFlight where now - attempt.lastSeen > attempt.heartbeatTimeout {
            lose(attemptID, reason: "executor \(attempt.executorID) sent no heartbeat for \(attempt.heartbeatTimeout)", now: timestamp)
        }
        for (id, record) in executors where now - record.lastSeen > .seconds(300) {
            executors[id] = nil
        }
        if now - lastUnservedCheck >= .seconds(1) {
            lastUnservedCheck = now
            reportUnservedAttempts(now: now)
        }
    }

    /// The attempt is lost: its executor is gone. The engine decides what follows (another
    /// attempt, within the budget for system errors).
    func lose(_ attemptID: String, reason: String, now: Timestamp) {
        guard let attempt = inFlight.removeValue(forKey: attemptID) else { return }
        if let effects = withMachine(attempt.executionID, { $0.attemptLost(attemptID, reason: reason, now: now) }) ?? nil {
            apply(effects, for: attempt.executionID)
        }
    }

    /// Keeps the executors known to at most ``mostExecutors``: a caller inventing executor ids
    /// cannot grow the list without bound. The one silent longest goes, unless it runs attempts.
    private func makeRoomForAnExecutor() {
        guard executors.count >= Self.mostExecutors else { return }
        let busy = Set(inFlight.values.map(\.executorID))
        if let oldest = executors.values.filter({ !busy.contains($0.info.executorID) }).min(by: { $0.lastSeen < $1.lastSeen }) {
            executors[oldest.info.executorID] = nil
        }
    }

    static let mostExecutors = 10_000

    /// Attempt ids are "<execution>:<node>:<number>"; execution ids hold no colon.
    static func executionID(of attemptID: String) -> String? {
        attemptID.firstIndex(of: ":").map { String(attemptID[..<$0]) }
    }
}
