import SluiceWire

// Rebuilding the attempts of a running node after a restart.
extension AttemptRunner {
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        var state = AttemptState(task: task(of: node, in: machine)?.id)
        let attempts = record.attempts.sorted { $0.number < $1.number }
        // Failures before the last attempt count against the budgets; the last one, if it
        // failed, is decided again in resume().
        for attempt in attempts.dropLast() where attempt.phase.isTerminal && attempt.phase != .succeeded {
            if attempt.phase == .lost || attempt.error?.kind == .system {
                state.systemFailures += 1
            } else {
                state.userFailures += 1
            }
        }
        if let last = attempts.last {
            state.attempt = last.number
            if !last.phase.isTerminal {
                state.currentAttemptID = last.attemptID
                machine.currentAttempts[last.attemptID] = id
            }
        }
        state.cache = record.cache
        machine.nodes.update(id) { $0.state = .attempts(state) }
        machine.activeTasks.insert(id)
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        if node.attempts.holdsReservation, let key = cacheKey(of: node, in: machine) {
            machine.effects.append(.cacheHold(key: key, holder: reservationHolder(id, in: machine)))
        }
        machine.rearmNodeTimeout(id, from: record)
        guard let last = record.attempts.max(by: { $0.number < $1.number }) else {
            // Stopped before its first attempt, perhaps during the cache lookup: start over.
            if let task = cachingSpec(of: node, in: machine), let key = prepareCache(id, caching: task, in: &machine) {
                lookUp(id, key: key, serialize: task.cache?.serialize == true, in: &machine)
            } else {
                queueAttempt(id, number: 1, notBefore: nil, in: &machine)
            }
            return
        }
        switch last.phase {
        case .succeeded:
            // The attempt's success was persisted without the node's, which carries the
            // outputs (only a scheduler older than EventBatches could cut a batch there): the
            // outputs are lost, so the task runs again rather than finish with none. A
            // reservation it holds stays with it until the new attempt's put.
            machine.currentAttempts[last.attemptID] = nil
            queueAttempt(id, number: last.number + 1, notBefore: nil, in: &machine)
        case .queued, .running, .unspecified:
            if let notBefore = last.notBefore, notBefore > machine.now {
                machine.nodes.update(id) { $0.attempts.awaitingRetry = true }
                machine.setTimer(at: notBefore, .retry(nodeID: id, attempt: last.number))
            } else {
                // An attempt recorded as handed to an executor may still run there.
                dispatch(id, heldBy: last.phase == .running ? last.executorID : "", in: &machine)
            }
        case .failed, .timedOut, .aborted, .lost:
            decideAfterFailure(id, error: last.error ?? ExecutionError(), phase: last.phase == .timedOut ? .timedOut : .failed, in: &machine)
        }
    }
}
