import ArgumentParser
import SluiceKit

/// `sluice approve EXECUTION NAME`: lets an approve gate pass its value on.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve an approve gate of an execution: it passes its input on.",
        discussion: "An approval may be given before the gate is reached. Approving again changes nothing; approving what was rejected is refused.")

    @Argument(help: "The execution's id.")
    var execution: String

    @Argument(help: "The approval's signal id, as the gate declares it.")
    var name: String

    @Option(name: .customLong("as"), help: "Who approves, for the record (default: the caller's token).")
    var setBy: String = ""

    @Option(help: "A comment, for the record.")
    var comment: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let response = try await client.approve(name, of: execution, as: setBy, comment: comment)
                if format.json {
                    printJSON(SignalJSON.setResult(response))
                } else {
                    print(SignalText.decisionLine(response, signalID: name, executionID: execution, approved: true))
                }
            }
        }
    }
}
