import ArgumentParser
import BenchSupport
import Foundation
import SluiceRPC
import SluiceWire

/// `make chaos`: 1,000-task workflows with a map node, cacheable tasks, a signal gate and an
/// approve gate, run while a driver kill -9s a service (admin, the scheduler, the catalog or an
/// executor) at a random moment and restarts it, setting signals meanwhile, early or late. Each
/// trial then checks every execution's outputs against an undisturbed run's, that no node has
/// two succeeded attempts, that every signal set was taken, and that no execution is stuck.
/// The seed is printed; `--seed` replays a run.
struct ChaosBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos", abstract: "Kills services at random moments under load and checks every execution ends as undisturbed.")

    @Option(help: "The directory holding the release executables.")
    var bin: String

    @Option(help: "Trials per service.")
    var trials = 20

    @Option(help: "Executions running through each trial.")
    var executions = 2

    @Option(help: "The seed of every random choice (default: from the clock).")
    var seed: UInt64?

    func run() async throws {
        let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("Chaos: \(trials) trials per service, \(executions) executions each, seed \(seed) (replay with --seed \(seed))")
        var random = SeededRandom(seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-chaos-\(seed)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let deployment = try await ChaosDeployment.start(bin: bin, directory: directory)
        var failures: [String] = []
        do {
            let client = ChaosClient(address: deployment.adminAddress)
            try await client.register()
            let expected = try await client.undisturbedRun()
            print("  undisturbed: result \(expected.outputs["result"].map { "\($0)" } ?? "?") in \(expected.milliseconds) ms")
            var figures: [String: [Double]] = [:]
            for round in 0..<trials {
                for target in ChaosDeployment.Target.allCases {
                    let trial = ChaosTrial(number: round, target: target, executions: executions, random: random.split())
                    let outcome = try await trial.run(deployment: deployment, client: client, expected: expected.outputs)
                    figures[target.rawValue, default: []].append(outcome.milliseconds)
                    if !outcome.problems.isEmpty {
                        failures += outcome.problems.map { "trial \(round) (\(target.rawValue)): \($0)" }
                        print("  trial \(round) killing \(target.rawValue): FAILED")
                        for problem in outcome.problems { print("    \(problem)") }
                    }
                }
            }
            for target in ChaosDeployment.Target.allCases {
                let times = (figures[target.rawValue] ?? []).sorted()
                guard !times.isEmpty else { continue }
                print("  \(target.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(times.count) trials, "
                      + String(format: "median %.0f ms, slowest %.0f ms to end every execution", times[times.count / 2], times.last ?? 0))
                print("BENCH chaos_\(target.rawValue)_median_ms " + String(format: "%.0f", times[times.count / 2]))
            }
        } catch {
            failures.append("\(error)")
        }
        await deployment.stop()
        if failures.isEmpty {
            print("Chaos: \(trials * ChaosDeployment.Target.allCases.count) trials passed (seed \(seed))")
            try? FileManager.default.removeItem(at: directory)
        } else {
            print("Chaos: \(failures.count) problems (seed \(seed)); the services' logs are in \(directory.path)")
            throw ExitCode.failure
        }
    }
}

/// One trial: executions started, one service killed at a random moment and restarted after a
/// random pause, signals set on the way, then the checks.
struct ChaosTrial {
    let number: Int
    let target: ChaosDeployment.Target
    let executions: Int
    var random: SeededRandom

    struct Outcome {
        var milliseconds: Double
        var problems: [String]
    }

    func run(deployment: ChaosDeployment, client: ChaosClient, expected: [String: Literal]) async throws -> Outcome {
        var random = self.random
        let killAfter = Duration.milliseconds(Int64(random.next(upTo: 600)))
        let downFor = Duration.milliseconds(Int64(random.next(upTo: 1000)))
        let signalDelays = (0..<executions).map { _ in Duration.milliseconds(Int64(random.next(upTo: 1500))) }
        let victim = random.next(upTo: 1000)
        let clock = ContinuousClock()
        let started = clock.now
        var ids: [String] = []
        // Not retried: admin is up between trials, and a retry after a lost reply would start a
        // second execution nobody signals.
        for _ in 0..<executions { ids.append(try await client.start()) }
        let target = self.target
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await Task.sleep(for: killAfter)
                try await deployment.kill(target, choosing: victim, restartAfter: downFor)
            }
            for (id, delay) in zip(ids, signalDelays) {
                // Early (before the gate is reached) or late, while the victim may be down.
                group.addTask {
                    try await Task.sleep(for: delay)
                    try await client.retrying { try await client.signal(id, "bonus", .int(ChaosWorkflow.bonus)) }
                    try await client.retrying { try await client.signal(id, "ship", .bool(true)) }
                }
            }
            try await group.waitForAll()
        }
        var problems: [String] = []
        for id in ids {
            problems += await client.check(id, expected: expected, within: .seconds(120))
        }
        let elapsed = clock.now - started
        return Outcome(
            milliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, problems: problems)
    }
}

/// A deterministic generator (SplitMix64), so that a seed replays a run's choices.
struct SeededRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A generator of its own for a part of the run, so that parts do not shift each other.
    mutating func split() -> SeededRandom { SeededRandom(seed: next()) }
}
