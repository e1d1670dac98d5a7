import ArgumentParser
import BenchSupport
import SluiceCore
import SluiceEngine
import SluiceWire

/// W2 cached through the execution machine alone, in this process: the scheduler's own share
/// of the end-to-end figure, without admin, the catalog or the wire.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measures the execution machine alone on W2 cached: start, then every lookup a hit.")

    @Option(help: "Measured runs (after one warm-up run).")
    var runs = 20

    func run() throws {
        var starts: [Double] = []
        var hits: [Double] = []
        for run in 0...runs {
            let timed = try Self.cachedRun(executionID: "ex-\(run)")
            if run > 0 {
                starts.append(Self.milliseconds(timed.start))
                hits.append(Self.milliseconds(timed.hits))
            }
        }
        print(String(format: "engine W2 cached: start %.2f ms, 1,001 hits %.2f ms (medians of %d runs)", median(starts), median(hits), runs))
    }

    /// One W2 cached execution through the machine, every lookup answered with a hit: how long
    /// the start and the hits took, and the events the machine recorded, in order.
    static func cachedRun(executionID: String) throws -> (start: Duration, hits: Duration, events: [Event]) {
        let workflow = CompiledWorkflow(
            spec: BenchWorkflows.cachedFanOut1000, tasks: [BenchWorkflows.cachedAddOne, BenchWorkflows.cachedSum],
            digest: "sha256:bench")
        let state = ExecutionState(execution: execution(executionID), workflow: workflow)
        let clock = ContinuousClock()
        var begun = clock.now
        guard var (machine, effects) = ExecutionMachine.restoring(state, now: .now()) else {
            throw ValidationError("the machine did not take the execution")
        }
        let started = clock.now - begun
        var answered = Duration.zero
        var events: [Event] = []
        while true {
            var lookups: [CacheLookup] = []
            for effect in effects {
                switch effect {
                case .cacheLookup(let lookup): lookups.append(lookup)
                case .record(let event): events.append(event)
                default: break
                }
            }
            if lookups.isEmpty { break }
            effects = []
            for lookup in lookups {
                // An entry as the catalog answers it, digest included; made outside the timing,
                // as the catalog makes it in its own process.
                var entry = CacheEntry()
                let sum = lookup.key.taskName == BenchWorkflows.cachedSum.id?.name
                entry.digest = CacheKeys.digest(of: lookup.key)
                entry.outputs = sum ? ["total": .int(2000)] : ["y": .int(2)]
                entry.provenance = CacheProvenance(executionID: "ex-first", nodeID: lookup.nodeID, attempt: 1)
                begun = clock.now
                effects += machine.cacheLookedUp(lookup.nodeID, .hit(entry), now: .now())
                answered += clock.now - begun
            }
        }
        guard machine.isFinished else { throw ValidationError("the execution did not end after \(events.count) events") }
        return (started, answered, events)
    }

    /// A new W2 cached execution, as admin creates it.
    static func execution(_ id: String) -> Execution {
        var spec = ExecutionSpec()
        spec.workflow = BenchWorkflows.cachedFanOut1000.id
        spec.inputs = ["n": .int(1)]
        return Execution(id: id, spec: spec, phase: .queued, createdAt: .now())
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
