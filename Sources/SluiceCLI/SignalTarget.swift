import ArgumentParser
import SluiceKit

/// What `sluice signal`, `approve` and `reject` name: the execution, the signal id, and who
/// gives it.
struct SignalTarget: ParsableArguments {
    @Argument(help: "The execution's id.")
    var execution: String

    @Argument(help: "The signal's id, as the gate declares it.")
    var name: String

    @Option(name: .customLong("as"), help: "Who gives it, for the record (default: the caller's token).")
    var setBy: String = ""

    /// Admin's answer: as JSON, or the line `text` makes of it.
    func report(_ response: SetSignalResponse, json: Bool, _ text: (SetSignalResponse) -> String) {
        if json {
            printJSON(SignalJSON.setResult(response))
        } else {
            print(text(response))
        }
    }
}
