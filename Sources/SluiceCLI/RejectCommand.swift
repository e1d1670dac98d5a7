import ArgumentParser
import Foundation
import SluiceKit

/// `sluice reject EXECUTION NAME --reason TEXT`: fails an approve gate.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject an approve gate of an execution: the gate fails with the reason.",
        discussion: "A rejection may be given before the gate is reached. Rejecting again changes nothing; rejecting what was approved is refused.")

    @Argument(help: "The execution's id.")
    var execution: String

    @Argument(help: "The approval's signal id, as the gate declares it.")
    var name: String

    @Option(help: "Why; the gate fails with it.")
    var reason: String

    @Option(name: .customLong("as"), help: "Who rejects, for the record (default: the caller's token).")
    var setBy: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason must say why")
        }
    }

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let response = try await client.reject(name, of: execution, reason: reason, as: setBy)
                if format.json {
                    printJSON(SignalJSON.setResult(response))
                } else {
                    print(SignalText.decisionLine(response, signalID: name, executionID: execution, approved: false))
                }
            }
        }
    }
}
