import SluiceCore
import SluiceWire

/// Runs one task over the elements of the node's mapped inputs (zipped; the other inputs are
/// the same for every element). Each element is a child task node, "thumbs[3]", with its own
/// attempts, events, cache status and provenance; at most `concurrency` run at once. The node
/// succeeds with one list per task output, in element order, once enough elements have (all of
/// them, or min_successes / min_success_ratio: a failed element's outputs are then none), and
/// fails as soon as too many have failed.
enum MapNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .map(let map) = node.spec.kind else { return }
        guard let taskID = map.task, let task = machine.scopes[node.scope]?.task(taskID) else {
            machine.fail(id, .unknownTask, "the map's task \(map.task.map { "\($0.name):\($0.version)" } ?? "(none)") is not part of the compiled workflow")
            return
        }
        let count: Int
        switch MapElements.count(of: node.inputs, mapped: map.mappedInputs) {
        case .success(let elements): count = elements
        case .failure(let problem):
            machine.fail(id, .badInput, problem.message)
            return
        }
        machine.recordNode(id, phase: .running, includeInputs: true, task: task.id, elements: count)
        let state = MapState(count: count, required: map.requiredSuccesses(of: count), concurrency: Int(map.concurrency))
        machine.nodes.update(id) { $0.state = .map(state) }
        // Its elements join the node table: grown once, not by doubling over a large map.
        machine.nodes.reserveCapacity(machine.nodes.count + count)
        carryOn(id, in: &machine)
    }

    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine) {
        guard let phase = machine.nodes.read(childID, { $0.phase }), phase.isTerminal else { return }
        let carry = machine.nodes.update(id) { node -> Bool in
            guard !node.phase.isTerminal, case .map(var state) = node.state else { return false }
            node.state = .none  // so that `state` is changed in place, not copied
            state.running -= 1
            if phase == .succeeded { state.succeeded += 1 } else { state.failed += 1 }
            node.state = .map(state)
            return !state.starting
        }
        if carry == true { carryOn(id, in: &machine) }
    }

    /// Starts elements while there is room, or ends the node once enough elements have ended.
    /// A loop, not recursion: an element that ends as it starts is only counted (see `starting`).
    private static func carryOn(_ id: String, in machine: inout ExecutionMachine) {
        while let state = machine.nodes.read(id, { $0.mapState }) ?? nil {
            if !state.canSucceed {
                failTooMany(id, state, in: &machine)
                return
            }
            if state.ended == state.count {
                succeed(id, state, in: &machine)
                return
            }
            guard machine.canStartNodes, state.hasRoom, let index = takeNext(id, in: &machine) else { return }
            startElement(index, of: id, in: &machine)
            machine.nodes.update(id) { node in
                guard case .map(var state) = node.state else { return }
                node.state = .none
                state.starting = false
                node.state = .map(state)
            }
        }
    }

    /// The next element to start (first one a restart found unrecorded), counted as running,
    /// with the map marked as starting it; nil when every element has started.
    private static func takeNext(_ id: String, in machine: inout ExecutionMachine) -> Int? {
        machine.nodes.update(id) { node -> Int? in
            guard case .map(var state) = node.state else { return nil }
            node.state = .none  // so that `toRestart` is changed in place, not copied
            defer { node.state = .map(state) }
            let index: Int
            if let restart = state.toRestart.popLast() {
                index = restart
            } else if state.next < state.count {
                index = state.next
                state.next += 1
            } else {
                return nil
            }
            state.running += 1
            state.starting = true
            return index
        } ?? nil
    }

    private static func startElement(_ index: Int, of id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .map(let map) = node.spec.kind else { return }
        let childID = elementID(id, index)
        var child = elementRuntime(index, of: node, map: map)
        child.inputs = MapElements.inputs(of: index, from: node.inputs, mapped: map.mappedInputs)
        machine.nodes[childID] = child
        TaskNodeHandler.start(childID, in: &machine)
    }

    /// A child task node for element `index`: the map's task, its overrides (retries, cache,
    /// pool; not its timeout, which is the whole map's).
    static func elementRuntime(_ index: Int, of node: NodeRuntime, map: MapNode) -> NodeRuntime {
        var spec = Node(id: "\(node.specID)[\(index)]", kind: .task(TaskNode(task: map.task)))
        spec.metadata = node.spec.metadata
        spec.metadata?.timeout = nil
        return NodeRuntime(
            id: elementID(node.id, index), specID: spec.id, scope: node.scope, parent: node.id, spec: spec, membership: .child)
    }

    static func elementID(_ mapID: String, _ index: Int) -> String { MapElementIDs.id(of: index, in: mapID) }

    private static func succeed(_ id: String, _ state: MapState, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .map(let map) = node.spec.kind else { return }
        let names = (map.task.flatMap { machine.scopes[node.scope]?.task($0) }?.interface?.outputs ?? []).map(\.name)
        var lists: [String: [Literal]] = [:]
        for name in names {
            lists[name] = []
            lists[name]?.reserveCapacity(state.count)
        }
        for index in 0..<state.count {
            let outputs = machine.nodes.read(elementID(id, index)) { $0.phase == .succeeded ? $0.outputs : [:] } ?? [:]
            for name in names { lists[name]?.append(outputs[name] ?? .none) }
        }
        machine.finishNode(id, phase: .succeeded, outputs: lists.mapValues { .collection($0) })
    }

    /// Too many elements failed for the node to succeed: those still running stop, and the
    /// node fails naming the count and the first failure.
    private static func failTooMany(_ id: String, _ state: MapState, in machine: inout ExecutionMachine) {
        var firstFailure: ExecutionError?
        for index in 0..<min(state.next, state.count) {
            let childID = elementID(id, index)
            guard let (phase, error) = machine.nodes.read(childID, { ($0.phase, $0.error) }) else { continue }
            if phase.isFailure, firstFailure == nil { firstFailure = error }
            if phase.hasStarted && !phase.isTerminal { abortElement(childID, in: &machine) }
        }
        let cause = firstFailure.map { ": first, \($0.nodeID): \($0.code): \($0.message)" } ?? ""
        let needed = state.required == state.count ? "all \(state.count) had to succeed" : "at least \(state.required) of \(state.count) had to succeed"
        machine.fail(id, .elementsFailed, "\(state.failed) element(s) failed and \(needed)\(cause)")
    }

    private static func abortElement(_ childID: String, in machine: inout ExecutionMachine) {
        TaskNodeHandler.stop(childID, in: &machine)
        machine.activeTasks.remove(childID)
        machine.nodes.update(childID) { node in
            node.phase = .aborted
            node.announced = true
        }
        let event = machine.nodeEvent(childID, phase: .aborted)
        machine.record(.node(event))
    }

    // MARK: Restarts

    /// Rebuilds the counts from the elements' records, and each started element as a child.
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        guard let node = machine.nodes[id], case .map(let map) = node.spec.kind,
              case .success(let count) = MapElements.count(of: record.inputs, mapped: map.mappedInputs) else { return }
        var state = MapState(count: count, required: map.requiredSuccesses(of: count), concurrency: Int(map.concurrency))
        var unrecorded: [Int] = []
        for index in 0..<count {
            let childID = elementID(id, index)
            guard let childRecord = records.node(childID) else {
                unrecorded.append(index)
                continue
            }
            machine.nodes[childID] = elementRuntime(index, of: node, map: map)
            machine.restoreNode(childID, records: records)
            state.next = index + 1
            switch childRecord.phase {
            case .succeeded: state.succeeded += 1
            case _ where childRecord.phase.isTerminal: state.failed += 1
            default: state.running += 1
            }
        }
        // Elements before the last one recorded that have no record of their own had started
        // (their cache lookup was out) but recorded nothing: they start again, lowest first.
        state.toRestart = unrecorded.filter { $0 < state.next }.reversed()
        machine.nodes.update(id) { $0.state = .map(state) }
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        let state = machine.nodes.read(id, { $0.mapState }) ?? nil
        if state != nil { machine.rearmNodeTimeout(id, from: record) }
        guard state != nil else {
            // It recorded nothing of its elements' count (it failed before it started them).
            machine.nodes.update(id) { $0.phase = .unspecified }
            machine.startNode(id)
            return
        }
        carryOn(id, in: &machine)
    }

    /// The map node ended from outside (its own timeout): its running elements stop.
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        guard let state = machine.nodes.read(id, { $0.mapState }) ?? nil else { return }
        for index in 0..<min(state.next, state.count) {
            let childID = elementID(id, index)
            if machine.nodes.read(childID, { $0.hasStarted && !$0.phase.isTerminal }) == true {
                abortElement(childID, in: &machine)
            }
        }
    }
}

extension NodeRuntime {
    /// A map node's counts, once it has started.
    var mapState: MapState? {
        if case .map(let state) = state { return state }
        return nil
    }
}

extension NodePhase {
    var hasStarted: Bool { self != .unspecified }
}
