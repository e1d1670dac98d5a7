import ArgumentParser
import SluiceKit

/// `sluice watch EXECUTION`: follows an execution live until it ends.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow an execution: a line per node and attempt transition as it happens, then its outputs.",
        discussion: "With --output json, one JSON object per line: each event, then {\"kind\": \"result\", \"execution\": ...}. \(PhaseExit.help)")

    @Argument(help: "The execution's id.")
    var execution: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            let status = try await connection.withClient { client in
                try await ExecutionFollower(client: client, json: format.json).follow(execution)
            }
            throw ExitCode(status)
        }
    }
}
