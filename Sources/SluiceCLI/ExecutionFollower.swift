import ArgumentParser
import Foundation
import SluiceKit

/// Follows an execution to its end for `sluice watch` and `sluice run --wait`: a line per node
/// and attempt transition as events arrive (JSON lines with --output json), with the command
/// that lets a paused gate go on, then the outputs, and an exit status by the final phase.
struct ExecutionFollower {
    let client: SluiceClient
    let json: Bool

    /// Returns the exit status for how it ended.
    func follow(_ executionID: String) async throws -> Int32 {
        for try await event in client.watch(executionID) {
            if json {
                print(ExecutionJSON.event(event).rendered(pretty: false))
            } else if let line = ExecutionText.line(event) {
                print(line)
                if case .node(let change)? = event.kind, change.phase == .paused, let gate = change.gate,
                   let hint = GateText.hint(gate, executionID: executionID) {
                    print("    " + hint)
                }
            }
        }
        let execution = try await client.execution(executionID)
        if json {
            print(JSONValue.object([("kind", .string("result")), ("execution", ExecutionJSON.execution(execution))]).rendered(pretty: false))
        } else {
            print("\nexecution \(execution.id) \(execution.phase.name) in \(TimeText.elapsed(from: execution.startedAt ?? execution.createdAt, to: execution.endedAt))")
            if let error = execution.error { print("error: \(ExecutionText.error(error))") }
            if execution.phase == .succeeded || !execution.outputs.isEmpty {
                print("outputs:\n" + ExecutionText.outputs(execution.outputs))
            }
        }
        return PhaseExit.code(execution.phase)
    }
}
