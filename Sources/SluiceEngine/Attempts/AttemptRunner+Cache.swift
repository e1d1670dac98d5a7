import SluiceCore
import SluiceWire

// Caching of a node's attempts: look the outputs up before running the task, store them after.
extension AttemptRunner {
    /// How long a node waits before asking again for a key another run has reserved.
    static let reservationPoll: Duration = .milliseconds(250)

    /// Sets the node's cache status before it starts: DISABLED for a task that does not
    /// cache, SKIPPED when the execution overwrites the cache, LOOKUP_FAILURE when the inputs
    /// cannot be keyed; otherwise the node looks up first, and this returns its key.
    /// `task` is the node's task as caching sees it (see ``cachingSpec(of:in:)``).
    static func prepareCache(_ id: String, caching task: TaskSpec, in machine: inout ExecutionMachine) -> CacheKey? {
        guard let inputs = machine.nodes.read(id, { $0.inputs }) else { return nil }
        var info = CacheInfo()
        var key: CacheKey?
        var lookUpFirst = false
        do {
            key = try CacheKeys.key(for: task, inputs: inputs, interfaceHash: interfaceHash(of: task, in: &machine))
            if let key {
                if machine.spec.overwriteCache {
                    info.key = CacheKeys.digest(of: key)
                    info.status = .skipped
                } else {
                    // The key's digest is filled in once the catalog answers: a hit's
                    // entry carries it, and only a node that runs computes it.
                    lookUpFirst = true
                }
            } else {
                info.status = .disabled
            }
        } catch {
            info.status = .lookupFailure
        }
        machine.nodes.update(id) { node in
            if let key { node.attempts.cacheKey = key }
            node.attempts.cache = info
            node.attempts.cacheStep = lookUpFirst ? .lookingUp : .none
        }
        return lookUpFirst ? key : nil
    }

    /// A fan-out of one task keys every node with the same interface: hashed once per task.
    /// (Its interface is checked too, which costs little: copies of one spec share storage.)
    private static func interfaceHash(of task: TaskSpec, in machine: inout ExecutionMachine) -> String {
        let interface = task.interface ?? TypedInterface()
        let id = task.id ?? Identifier()
        if let known = machine.interfaceHashes[id], known.interface == interface { return known.hash }
        let hash = CacheKeys.interfaceHash(interface)
        machine.interfaceHashes[id] = (interface, hash)
        return hash
    }

    /// The task as caching sees it: a node's own cache settings replace the task's.
    static func cachingSpec(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        guard var task = task(of: node, in: machine) else { return nil }
        if let override = node.spec.metadata?.cache { task.cache = override }
        return task
    }

    /// The key computed when the node started, or (a node restored mid-attempt) computed now.
    static func cacheKey(of node: NodeRuntime, in machine: ExecutionMachine) -> CacheKey? {
        if let key = node.attempts.cacheKey { return key }
        guard let task = cachingSpec(of: node, in: machine) else { return nil }
        return try? CacheKeys.key(for: task, inputs: node.inputs)
    }

    /// Looks up again (a key another run had reserved).
    static func lookUp(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.attempts.cacheStep == .lookingUp, !node.phase.isTerminal,
              let task = cachingSpec(of: node, in: machine),
              let key = cacheKey(of: node, in: machine) else { return }
        lookUp(id, key: key, serialize: task.cache?.serialize == true, in: &machine)
    }

    static func lookUp(_ id: String, key: CacheKey, serialize: Bool, in machine: inout ExecutionMachine) {
        let holder = serialize ? reservationHolder(id, in: machine) : nil
        machine.effects.append(.cacheLookup(CacheLookup(nodeID: id, key: key, reserveAs: holder)))
    }

    /// "<execution>/<node>": the same after a restart, so a restarted run takes its own
    /// reservation back.
    static func reservationHolder(_ id: String, in machine: ExecutionMachine) -> String {
        "\(machine.executionID)/\(id)"
    }

    static func lookedUp(_ id: String, _ result: CacheLookupResult, in machine: inout ExecutionMachine) {
        // A node still waiting takes its key's digest from the answer, in the same access.
        let digest = if case .hit(let entry) = result { entry.digest } else { "" }
        let waiting = !machine.phase.isTerminal && machine.nodes.update(id) { node -> Bool in
            guard node.attempts.cacheStep == .lookingUp, !node.phase.isTerminal else { return false }
            node.attempts.answered(digest: digest)
            return true
        } == true
        guard waiting else {
            // The node ended (aborted, timed out) while the catalog answered: a reservation it
            // was granted meanwhile goes back at once, or others would wait for it.
            if result == .reserved, let node = machine.nodes[id], let key = cacheKey(of: node, in: machine) {
                machine.effects.append(.cacheRelease(key: key, holder: reservationHolder(id, in: machine)))
            }
            return
        }
        switch result {
        case .hit(let entry):
            served(id, entry, in: &machine)
        case .miss:
            run(id, status: .miss, in: &machine)
        case .reserved:
            machine.nodes.update(id) { $0.attempts.holdsReservation = true }
            run(id, status: .miss, in: &machine)
        case .held(let holder):
            guard let (phase, waitingOn, taskID) = machine.nodes.read(id, {
                ($0.phase, $0.attempts.cache?.waitingOnReservation, $0.attempts.task)
            }) else { return }
            if waitingOn != holder {
                machine.nodes.update(id) { $0.attempts.cache?.waitingOnReservation = holder }
                machine.recordNode(id, phase: phase, includeInputs: true, task: taskID)
            }
            machine.setTimer(at: machine.now + reservationPoll, .cacheRetry(nodeID: id))
        case .failed:
            run(id, status: .lookupFailure, in: &machine)
        }
    }

    /// A hit, the common answer of a cached run: the node succeeds with the entry's outputs,
    /// read and changed in place.
    private static func served(_ id: String, _ entry: CacheEntry, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        guard let outputs = try? resultInterface(of: node, in: machine).checkOutputs(entry.outputs) else {
            // An entry that no longer fits the interface is as good as none.
            run(id, status: .miss, in: &machine)
            return
        }
        machine.nodes.update(id) { node in
            node.attempts.cacheStep = .none
            node.attempts.cache?.status = .hit
            node.attempts.cache?.source = entry.provenance
            node.attempts.cache?.waitingOnReservation = ""
        }
        // The node's first event: it carries the inputs and the task (see finishNode).
        owner(of: id, in: machine)?.attemptsSucceeded(id, outputs: outputs, in: &machine)
    }

    /// No usable entry: record why, and run the task.
    private static func run(_ id: String, status: CacheStatus, in machine: inout ExecutionMachine) {
        guard let (phase, taskID) = machine.nodes.update(id, { node in
            node.attempts.cacheStep = .none
            node.attempts.cache?.status = status
            node.attempts.cache?.waitingOnReservation = ""
            return (node.phase, node.attempts.task)
        }) else { return }
        machine.recordNode(id, phase: phase, includeInputs: true, task: taskID)
        queueAttempt(id, number: 1, notBefore: nil, in: &machine)
    }

    /// After a successful attempt of a cacheable node: store the outputs before the node
    /// succeeds (the attempt's success is recorded with the node's, once stored). False when
    /// the node does not store.
    static func storeBeforeSucceeding(
        _ id: String, attemptID: String, outputs: [String: Literal], executorID: String, in machine: inout ExecutionMachine
    ) -> Bool {
        guard let node = machine.nodes[id], let info = node.attempts.cache, !info.key.isEmpty,
              [.miss, .skipped, .lookupFailure].contains(info.status),
              let key = cacheKey(of: node, in: machine) else { return false }
        machine.currentAttempts[attemptID] = nil
        machine.nodes.update(id) { node in
            node.attempts.currentAttemptID = nil
            node.attempts.cacheStep = .storing(attemptID: attemptID, executorID: executorID, outputs: outputs)
        }
        var entry = CacheEntry()
        entry.key = key
        entry.digest = info.key
        entry.outputs = outputs
        entry.provenance = CacheProvenance(executionID: machine.executionID, nodeID: id, attempt: node.attempts.attempt, createdAt: machine.now)
        entry.createdAt = machine.now
        let holder = node.attempts.holdsReservation ? reservationHolder(id, in: machine) : nil
        machine.effects.append(.cachePut(CachePut(nodeID: id, entry: entry, overwrite: info.status == .skipped, reservedAs: holder)))
        return true
    }

    static func stored(_ id: String, _ stored: Bool, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], !node.phase.isTerminal,
              case .storing(let attemptID, let executorID, let outputs) = node.attempts.cacheStep else { return }
        machine.nodes.update(id) { node in
            node.attempts.cacheStep = .none
            // A put releases the reservation; a failed one leaves it to expire.
            node.attempts.holdsReservation = false
            if !stored {
                node.attempts.cache?.status = .putFailure
            } else if node.attempts.cache?.status == .miss {
                node.attempts.cache?.status = .populated
            }
        }
        machine.recordAttempt(id, attemptID: attemptID, phase: .succeeded, executorID: executorID)
        owner(of: id, in: machine)?.attemptsSucceeded(id, outputs: outputs, in: &machine)
    }

    /// A node that held its key's reservation ended without storing: let the others run.
    static func releaseReservation(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.attempts.holdsReservation, let key = cacheKey(of: node, in: machine) else { return }
        machine.nodes.update(id) { $0.attempts.holdsReservation = false }
        machine.effects.append(.cacheRelease(key: key, holder: reservationHolder(id, in: machine)))
    }
}

extension AttemptState {
    /// The catalog answered the node's lookup: its cache info gets the key's digest, before
    /// anything about the node is recorded. A hit's entry carries the digest (the catalog
    /// computed it from the key sent), so only a node that runs computes it here; `digest` is
    /// empty for any other answer.
    fileprivate mutating func answered(digest: String) {
        guard let key = cacheKey, cache?.key.isEmpty == true else { return }
        cache?.key = digest.isEmpty ? CacheKeys.digest(of: key) : digest
    }
}
