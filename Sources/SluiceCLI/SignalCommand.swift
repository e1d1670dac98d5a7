import ArgumentParser
import SluiceKit

/// `sluice signal EXECUTION NAME VALUE`: sets the value a signal gate waits for.
struct SignalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal",
        abstract: "Set the value a gate of an execution waits for.",
        discussion: """
            VALUE is read as the type the gate declares: plain text for numbers, text, true/false, \
            datetimes (2026-01-31T09:00:00Z) and durations (90s); JSON for lists, maps and structs. \
            A value starting with '-' goes after '--': sluice signal EXECUTION delta -- -3. A signal \
            may be set before its gate is reached. Setting the same value again changes nothing; \
            another value is refused.
            """)

    @OptionGroup var target: SignalTarget

    @Argument(help: "The value.")
    var value: String

    @Option(help: "A comment, for the record.")
    var comment: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let literal = try await SignalLookup(client: client).literal(value, for: target.name, of: target.execution)
                let response = try await client.setSignal(target.name, of: target.execution, to: literal, as: target.displayName, comment: comment)
                target.report(response, json: format.json) {
                    SignalText.setLine($0, signalID: target.name, executionID: target.execution, value: literal)
                }
            }
        }
    }
}

/// Finds the type a signal's gate declares, from the workflow the execution runs.
struct SignalLookup {
    let client: SluiceClient

    func literal(_ text: String, for signalID: String, of executionID: String) async throws -> Literal {
        let execution = try await client.execution(executionID)
        guard let workflowID = execution.spec?.workflow else { throw CLIError("execution \(executionID) names no workflow") }
        let workflow = try await client.workflow(workflowID)
        if let type = SignalTypes.type(of: signalID, in: workflow) {
            return try SignalInput.literal(text, signalID: signalID, as: type)
        }
        // Admin knows the signals of the execution too, under the ids it gives them at run time.
        if let type = try? await client.signals(of: executionID).first(where: { $0.signalID == signalID })?.type {
            return try SignalInput.literal(text, signalID: signalID, as: type)
        }
        throw SignalInput.undeclared(signalID, workflow: workflowID.versionedName, declared: SignalTypes.declarations(in: workflow))
    }
}
