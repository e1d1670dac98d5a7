import ArgumentParser
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
        let workflow = CompiledWorkflow(
            spec: BenchWorkflows.cachedFanOut1000, tasks: [BenchWorkflows.cachedAddOne, BenchWorkflows.cachedSum],
            digest: "sha256:bench")
        var starts: [Double] = []
        var hits: [Double] = []
        for run in 0...runs {
            var spec = ExecutionSpec()
            spec.workflow = BenchWorkflows.cachedFanOut1000.id
            spec.inputs = ["n": .int(1)]
            let state = ExecutionState(execution: Execution(id: "ex-\(run)", spec: spec, phase: .queued), workflow: workflow)
            let clock = ContinuousClock()
            var begun = clock.now
            guard var (machine, effects) = ExecutionMachine.restoring(state, now: .now()) else {
                throw ValidationError("the machine did not take the execution")
            }
            let started = clock.now - begun
            begun = clock.now
            var events = 0
            while true {
                let lookups = effects.compactMap { effect -> CacheLookup? in
                    if case .cacheLookup(let lookup) = effect { return lookup }
                    return nil
                }
                events += effects.filter { if case .record = $0 { true } else { false } }.count
                if lookups.isEmpty { break }
                effects = []
                for lookup in lookups {
                    var entry = CacheEntry()
                    let sum = lookup.key.taskName == BenchWorkflows.cachedSum.id?.name
                    entry.outputs = sum ? ["total": .int(2000)] : ["y": .int(2)]
                    entry.provenance = CacheProvenance(executionID: "ex-first", nodeID: lookup.nodeID, attempt: 1)
                    effects += machine.cacheLookedUp(lookup.nodeID, .hit(entry), now: .now())
                }
            }
            let answered = clock.now - begun
            guard machine.isFinished else { throw ValidationError("the execution did not end after \(events) events") }
            if run > 0 {
                starts.append(Self.milliseconds(started))
                hits.append(Self.milliseconds(answered))
            }
        }
        print(String(format: "engine W2 cached: start %.2f ms, 1,001 hits %.2f ms (medians of %d runs)", median(starts), median(hits), runs))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
