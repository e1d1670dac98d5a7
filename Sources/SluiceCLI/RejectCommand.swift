import ArgumentParser
import Foundation
import SluiceKit

/// `sluice reject EXECUTION NAME --reason TEXT`: fails an approve gate.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject an approve gate of an execution: the gate fails with the reason.",
        discussion: "A rejection may be given before the gate is reached. Rejecting again changes nothing; rejecting what was approved is refused.")

    @OptionGroup var target: SignalTarget

    @Option(help: "Why; the gate fails with it.")
    var reason: String

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
                let response = try await target.deciding(client) {
                    try await client.reject(target.name, of: target.execution, reason: reason, as: target.displayName)
                }
                target.report(response, json: format.json) {
                    SignalText.decisionLine($0, signalID: target.name, executionID: target.execution, approved: false)
                }
            }
        }
    }
}
