import Foundation
import ArgumentParser
import Logging
import SluiceCore
import SluiceExecutor
import SluiceServiceRunner
import SluiceWire

/// The benchmark's executor: a worker with trivial Swift tasks, as a user's own executor
/// binary would register theirs.
struct BenchExecutor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "executor", abstract: "Runs the benchmark's Swift tasks.")

    @Option(help: "The scheduler's address.")
    var scheduler: String

    @Option(help: "Attempts run at once.")
    var slots = 16

    func run() async throws {
        ServiceRunner.bootstrapLogging(LogSettings(level: .warning))
        var tasks = SwiftTaskRegistry()
        tasks.register("bench-add-one") { inputs in
            guard case .int(let x)? = inputs["x"] else { throw TaskFailure(code: "BadInput", message: "x must be an int") }
            return ["y": .int(x + 1)]
        }
        tasks.register("bench-stamp") { _ in ["t": .int(MonotonicClock.nanoseconds())] }
        tasks.register("bench-range") { inputs in
            guard case .int(let count)? = inputs["n"], count >= 0, count <= 10_000_000 else {
                throw TaskFailure(code: "BadInput", message: "n must be an int from 0 to 10,000,000")
            }
            return ["values": .collection((0..<count).map { .int($0) })]
        }
        tasks.register("bench-fan") { inputs in
            guard case .int(let count)? = inputs["n"], count >= 0, count <= 10_000 else {
                throw TaskFailure(code: "BadInput", message: "n must be an int from 0 to 10,000")
            }
            return try DynamicSubgraph.outputs(carrying: BenchWorkflows.fanSubgraph(Int(count)))
        }
        tasks.register("bench-sum") { inputs in
            guard case .collection(let values)? = inputs["values"] else {
                throw TaskFailure(code: "BadInput", message: "values must be a list")
            }
            var total: Int64 = 0
            for case .int(let value) in values { total += value }
            return ["total": .int(total)]
        }
        BodyBench.register(in: &tasks)
        let configuration = WorkerConfiguration(
            schedulerAddress: scheduler, token: ProcessInfo.processInfo.environment["SLUICE_TOKEN"] ?? "", slots: slots,
            runsShellTasks: false, swiftTasks: tasks)
        let logger = Logger(label: "sluice.bench.executor")
        let worker = try Worker(configuration: configuration, logger: logger)
        try await ServiceRunner.run(worker, announcing: "sluice-bench executor polling \(scheduler)", logger: logger)
    }
}
