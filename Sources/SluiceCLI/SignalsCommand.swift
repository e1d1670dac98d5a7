import ArgumentParser
import SluiceKit

/// `sluice signals [EXECUTION] [--pending]`: an execution's signals, or the gates waiting for
/// someone across executions.
struct SignalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "List an execution's signals, or the gates waiting across executions.",
        discussion: """
            With EXECUTION: the signals its gates declare, each with its value once set, who set \
            it and whether its gate has taken it. With --pending, or without EXECUTION: the gates \
            waiting now (only those of EXECUTION when it is given), optionally only those of one \
            workflow or signal id.
            """)

    @Argument(help: "An execution's id.")
    var execution: String?

    @Flag(help: "List the gates waiting now rather than the execution's signals.")
    var pending = false

    @Option(help: "Only gates of this workflow (by name).")
    var workflow: String = ""

    @Option(name: .customLong("signal"), help: "Only this signal id.")
    var signalID: String = ""

    @Option(help: "At most this many pending gates.")
    var limit: Int = 100

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if execution != nil, !pending, !workflow.isEmpty {
            throw ValidationError("--workflow filters pending gates; add --pending, or leave out EXECUTION")
        }
    }

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                if let execution, !pending {
                    try await listSignals(of: execution, client)
                } else {
                    try await listPending(client)
                }
            }
        }
    }

    private func listSignals(of execution: String, _ client: SluiceClient) async throws {
        let signals = try await client.signals(of: execution).filter { signalID.isEmpty || $0.signalID == signalID }
        if format.json {
            printJSON(.array(signals.map(SignalJSON.signal)))
        } else if signals.isEmpty {
            print(signalID.isEmpty ? "execution \(execution) has no signals" : "execution \(execution) has no signal '\(signalID)'")
        } else {
            print(SignalText.signalTable(signals).rendered)
        }
    }

    private func listPending(_ client: SluiceClient) async throws {
        let gates = try await client.pendingGates(workflow: workflow, signalID: signalID, limit: limit)
            .filter { execution == nil || $0.executionID == execution }
        if format.json {
            printJSON(.array(gates.map(SignalJSON.pendingGate)))
        } else if gates.isEmpty {
            print("no gates waiting")
        } else {
            print(SignalText.pendingTable(gates).rendered)
        }
    }
}
