import SluiceEngine

/// One local run: hosts the execution machine the way the scheduler does. Effects the machine
/// asks for become child tasks (attempts, timers) whose outcomes come back as stimuli on one
/// stream, so the machine is only ever touched by the loop in ``run()``.
struct LocalExecution {
    enum Stimulus: Sendable {
        case attemptEnded(attemptID: String, LocalAttemptOutcome)
        case timerFired(number: Int, TimerKey)
    }

    /// Stands in for the executor id in attempt records.
    static let executorID = "local"

    private var machine: ExecutionMachine
    private var record: LocalRecord
    private let runner: LocalAttemptRunner
    private let cache: LocalCache
    private let stimuli: AsyncStream<Stimulus>
    private let continuation: AsyncStream<Stimulus>.Continuation
    private var attempts: [String: Task<Void, Never>] = [:]
    private var timers: [Int: (key: TimerKey, task: Task<Void, Never>)] = [:]
    private var timerNumber = 0
    private var finished = false
    /// Set as the run starts, as if someone had set them before its gates were reached.
    private let presetSignals: [Signal]

    init(machine: ExecutionMachine, execution: Execution, runner: LocalAttemptRunner, cache: LocalCache, signals: [Signal] = []) {
        self.machine = machine
        self.presetSignals = signals
        self.cache = cache
        self.record = LocalRecord(execution: execution)
        self.runner = runner
        (stimuli, continuation) = AsyncStream.makeStream(of: Stimulus.self)
    }

    mutating func run() async -> LocalRun {
        take(machine.start(now: .now()))
        for signal in presetSignals where !finished {
            take(machine.signalArrived(signal, now: .now()))
        }
        abortIfStuck()
        if !finished {
            // The stream ends early only when the calling task is cancelled.
            for await stimulus in stimuli {
                handle(stimulus)
                abortIfStuck()
                if finished { break }
            }
        }
        if !finished {
            take(machine.abort(AbortInfo(reason: "the local run was cancelled", actor: "local"), now: .now()))
        }
        // Bodies that ignore cancellation are left behind: their results are no longer wanted.
        for task in attempts.values { task.cancel() }
        for timer in timers.values { timer.task.cancel() }
        continuation.finish()
        return record.result
    }

    private mutating func handle(_ stimulus: Stimulus) {
        switch stimulus {
        case .attemptEnded(let attemptID, let outcome):
            attempts[attemptID] = nil
            let effects: [EngineEffect]?
            switch outcome {
            case .succeeded(let outputs):
                effects = machine.attemptSucceeded(attemptID, outputs: outputs, executorID: Self.executorID, now: .now())
            case .failed(let error):
                effects = machine.attemptFailed(attemptID, error: error, executorID: Self.executorID, now: .now())
            }
            take(effects ?? [])
        case .timerFired(let number, let key):
            timers[number] = nil
            take(machine.timerFired(key, now: .now()))
        }
    }

    /// Acts on the machine's effects, events first, as a host must.
    private mutating func take(_ effects: [EngineEffect]) {
        for effect in effects {
            switch effect {
            case .record(let event):
                record.apply(event)
            case .dispatch(let dispatch):
                start(dispatch.assignment)
            case .cancel(let attemptID):
                attempts.removeValue(forKey: attemptID)?.cancel()
            case .timer(let at, let key):
                schedule(key, at: at)
            case .cacheLookup(let lookup):
                // One process, one cache: a serialized task needs no reservation here.
                let result = cache.lookUp(lookup.key).map(CacheLookupResult.hit) ?? (lookup.reserveAs == nil ? .miss : .reserved)
                take(machine.cacheLookedUp(lookup.nodeID, result, now: .now()))
            case .cachePut(let put):
                cache.put(put.entry, overwrite: put.overwrite)
                take(machine.cacheStored(put.nodeID, true, now: .now()))
            case .cacheRelease, .cacheHold:
                break
            case .finished:
                finished = true
            }
        }
    }

    private mutating func start(_ assignment: AttemptAssignment) {
        let runner = self.runner
        let continuation = self.continuation
        let attemptID = assignment.attemptID
        let bodyCalls = machine.bodyCalls(ofAttempt: attemptID)
        attempts[attemptID] = Task {
            let outcome = await runner.run(assignment, bodyCalls: bodyCalls)
            continuation.yield(.attemptEnded(attemptID: attemptID, outcome))
        }
        // Delivered at once: the attempt's timeout starts now.
        take(machine.attemptDelivered(attemptID, executorID: Self.executorID, now: .now()))
    }

    private mutating func schedule(_ key: TimerKey, at deadline: Timestamp) {
        timerNumber += 1
        let number = timerNumber
        let continuation = self.continuation
        timers[number] = (key, Task {
            let delay = deadline.since(.now())
            if delay > .zero {
                do { try await Task.sleep(for: delay) } catch { return }
            }
            continuation.yield(.timerFired(number: number, key))
        })
    }

    /// Nothing runs and nothing is due that would move the run on, yet the machine has not ended:
    /// a gate waits for a signal nobody can set in-process, or a node kind the engine cannot
    /// finish on its own. Deadlines still pending (a gate's, a node's or the execution's timeout)
    /// would only end the run later, in failure, perhaps hours later: ending it now beats waiting.
    private mutating func abortIfStuck() {
        guard !finished, attempts.isEmpty, timers.values.allSatisfy({ Self.onlyEndsInFailure($0.key) }) else { return }
        let waiting = record.pausedGates.map { "\($0.nodeID) waits for signal '\($0.signalID)'" }
        let reason = waiting.isEmpty
            ? "the local run is stuck: nothing runs and nothing waits (a node the in-process runner cannot finish?)"
            : "the local run is stuck: " + waiting.joined(separator: ", ") + "; give it in `signals:`"
        take(machine.abort(AbortInfo(reason: reason, actor: "local"), now: .now()))
    }

    /// Timers whose firing can only end something as timed out: nothing waits on them to go on.
    /// (An attempt's timeout counts among them: with no attempt running it is stale.)
    private static func onlyEndsInFailure(_ key: TimerKey) -> Bool {
        switch key {
        case .gateTimeout, .nodeTimeout, .executionTimeout, .attemptTimeout: true
        case .retry, .cacheRetry, .gateWake: false
        }
    }
}
