import ArgumentParser
import Foundation
import SluiceKit
#if canImport(Glibc)
import Glibc
#endif

/// Follows an execution to its end for `sluice watch` and `sluice run --wait`: a line per node
/// and attempt transition as events arrive (JSON lines with --output json), with the command
/// that lets a paused gate go on, then the outputs, and an exit status by the final phase. A
/// map's elements get no line each (but a failed one): a progress bar on a terminal, a line
/// per tenth of the elements otherwise.
struct ExecutionFollower {
    let client: SluiceClient
    let json: Bool

    /// Returns the exit status for how it ended.
    func follow(_ executionID: String) async throws -> Int32 {
        var progress = MapProgress()
        var bar = ProgressLine(terminal: isatty(STDOUT_FILENO) != 0)
        for try await event in client.watch(executionID) {
            if json {
                print(ExecutionJSON.event(event).rendered(pretty: false))
                continue
            }
            let reading = progress.read(event)
            if reading.isElement {
                if reading.failedElement, let line = ExecutionText.line(event) { bar.print(line) }
                if let mapID = reading.progressed {
                    if bar.terminal {
                        bar.draw("\(mapID)  \(progress.bar(of: mapID)) \(progress.summary(of: mapID))",
                                 last: progress.maps[mapID]?.isDone == true)
                    } else if progress.passedATenth(mapID) {
                        bar.print("\(mapID)  \(progress.summary(of: mapID))")
                    }
                }
                continue
            }
            if let line = ExecutionText.line(event) {
                bar.print(line)
                if case .node(let change)? = event.kind, change.phase == .paused, let gate = change.gate,
                   let hint = GateText.hint(gate, executionID: executionID) {
                    bar.print("    " + hint)
                }
            }
        }
        bar.finish()
        let execution = try await client.execution(executionID)
        if json {
            print(JSONValue.object([("kind", .string("result")), ("execution", ExecutionJSON.execution(execution))]).rendered(pretty: false))
        } else {
            print("\nexecution \(execution.id) \(execution.phase.name) in \(TimeText.elapsed(from: execution.startedAt ?? execution.createdAt, to: execution.endedAt))")
            if let error = execution.error { print("error: \(ExecutionText.error(error))") }
            if execution.phase == .succeeded || !execution.outputs.isEmpty {
                // Shortened as status shortens them: a map's outputs may be lists of thousands.
                let shortening = ValueShortening.status(of: execution.id, json: false)
                print("outputs:\n" + ExecutionText.outputs(execution.outputs, shortening: shortening))
            }
        }
        return PhaseExit.code(execution.phase)
    }
}

/// One line a terminal redraws in place (a progress bar), kept apart from the lines printed
/// around it. Without a terminal it draws nothing.
struct ProgressLine {
    let terminal: Bool
    private var drawn = false
    private var drawnAt: ContinuousClock.Instant?

    init(terminal: Bool) {
        self.terminal = terminal
    }

    /// Redraws the line, at most ten times a second unless it is the `last` state.
    mutating func draw(_ text: String, last: Bool = false) {
        guard terminal else { return }
        let now = ContinuousClock.now
        if !last, let drawnAt, now - drawnAt < .milliseconds(100) { return }
        drawnAt = now
        Swift.print("\r\u{1B}[K" + text, terminator: "")
        fflush(nil)  // every stream: the line has no newline to flush it
        drawn = true
    }

    /// Prints a line of its own, above the progress line.
    mutating func print(_ line: String) {
        clear()
        Swift.print(line)
    }

    /// Leaves the last progress drawn on its own line.
    mutating func finish() {
        if drawn { Swift.print("") }
        drawn = false
    }

    private mutating func clear() {
        guard drawn else { return }
        Swift.print("\r\u{1B}[K", terminator: "")
        drawn = false
    }
}
