import ArgumentParser
import SluiceKit

/// `sluice approve EXECUTION NAME`: lets an approve gate pass its value on.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve an approve gate of an execution: it passes its input on.",
        discussion: "An approval may be given before the gate is reached. Approving again changes nothing; approving what was rejected is refused.")

    @OptionGroup var target: SignalTarget

    @Option(help: "A comment, for the record.")
    var comment: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let response = try await target.deciding(client) {
                    try await client.approve(target.name, of: target.execution, as: target.displayName, comment: comment)
                }
                target.report(response, json: format.json) {
                    SignalText.decisionLine($0, signalID: target.name, executionID: target.execution, approved: true)
                }
            }
        }
    }
}
