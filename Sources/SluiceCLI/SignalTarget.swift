import ArgumentParser
import SluiceKit

/// What `sluice signal`, `approve` and `reject` name: the execution, the signal id, and who
/// gives it.
struct SignalTarget: ParsableArguments {
    @Argument(help: "The execution's id.")
    var execution: String

    @Argument(help: "The signal's id, as the gate declares it.")
    var name: String

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "A name to show beside yours (the principal your token names, which is what is recorded as who gives it).",
        valueName: "name"))
    var displayName: String = ""

    /// An approval or rejection: `decide`'s answer. Admin refuses one for a signal gate as a
    /// value of the wrong type; that is said once, as what it is, with the command to use.
    func deciding(_ client: SluiceClient, _ decide: () async throws -> SetSignalResponse) async throws -> SetSignalResponse {
        do {
            return try await decide()
        } catch let error as ServiceError where error.code == .invalidArgument {
            guard let signals = try? await client.signals(of: execution),
                  let signal = signals.first(where: { $0.signalID == name }), signal.gateKind == .signal else { throw error }
            let type = signal.type.map { " (\(TypeText.format($0)))" } ?? ""
            throw ServiceError(
                .invalidArgument,
                "'\(name)' of execution \(execution) is a signal gate, not an approval: it waits for a value\(type). "
                    + "Set it with: sluice signal \(execution) \(name) VALUE")
        }
    }

    /// Admin's answer: as JSON, or the line `text` makes of it.
    func report(_ response: SetSignalResponse, json: Bool, _ text: (SetSignalResponse) -> String) {
        if json {
            printJSON(SignalJSON.setResult(response))
        } else {
            print(text(response))
        }
    }
}
