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
            A signal may be set before its gate is reached. Setting the same value again changes \
            nothing; another value is refused.
            """)

    @Argument(help: "The execution's id.")
    var execution: String

    @Argument(help: "The signal's id, as the gate declares it.")
    var name: String

    @Argument(help: "The value.")
    var value: String

    @Option(name: .customLong("as"), help: "Who sets it, for the record (default: the caller's token).")
    var setBy: String = ""

    @Option(help: "A comment, for the record.")
    var comment: String = ""

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let literal = try await SignalLookup(client: client).literal(value, for: name, of: execution)
                let response = try await client.setSignal(name, of: execution, to: literal, as: setBy, comment: comment)
                if format.json {
                    printJSON(SignalJSON.setResult(response))
                } else {
                    print(SignalText.setLine(response, signalID: name, executionID: execution, value: literal))
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
