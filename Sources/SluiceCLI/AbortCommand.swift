import ArgumentParser
import SluiceKit

/// `sluice abort EXECUTION`: stops an execution.
struct AbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort",
        abstract: "Abort an execution: running attempts are stopped and it ends ABORTED.")

    @Argument(help: "The execution's id.")
    var execution: String

    @Option(help: "Why, for the record.")
    var reason: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let aborted = try await client.abort(execution, reason: reason)
                if format.json {
                    printJSON(ExecutionJSON.execution(aborted))
                } else {
                    print("execution \(aborted.id) is \(aborted.phase == .aborted ? "aborted" : "being aborted (now \(aborted.phase.name))")")
                }
            }
        }
    }
}
