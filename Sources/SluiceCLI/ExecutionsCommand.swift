import ArgumentParser
import SluiceKit

/// `sluice executions`: lists executions.
struct ExecutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List executions, optionally only those of one workflow or in some phases.")

    @Option(help: "Only executions of this workflow (by name).")
    var workflow: String?

    @Option(help: "Only executions in this phase (queued, running, succeeded, failed, aborted, timed_out); repeatable.")
    var phase: [String] = []

    @Option(help: "At most this many.")
    var limit: Int = 50

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        _ = try phases()
    }

    /// Phase names as typed, in any case, with "-" or "_".
    func phases() throws -> [ExecutionPhase] {
        try phase.map { text in
            let wanted = text.uppercased().replacingOccurrences(of: "-", with: "_")
            guard let found = ExecutionPhase.allCases.first(where: { $0 != .unspecified && $0.name == wanted }) else {
                throw ValidationError("unknown phase '\(text)'; use queued, running, succeeded, failed, aborted or timed_out")
            }
            return found
        }
    }

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let executions = try await client.executions(workflow: workflow, phases: try phases(), limit: limit)
                if format.json {
                    printJSON(.array(executions.map { ExecutionJSON.execution($0) }))
                } else if executions.isEmpty {
                    print("no executions")
                } else {
                    print(ExecutionText.executionTable(executions).rendered)
                }
            }
        }
    }
}
