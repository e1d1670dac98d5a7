import Foundation
import Subprocess

/// Where `swift build` put the executables: $SLUICE_BIN_DIR, else beside the test bundle.
enum BuiltProducts {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["SLUICE_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

/// A `sluice-executor` process for the length of `body`, started with swift-subprocess so that
/// it gets a clean signal mask (SIGTERM must reach it). `body` gets the line it printed when it
/// started and a way to signal it; the process is then awaited (killed if it has not ended
/// within a minute) and its exit status and log returned.
func withExecutorProcess(
    _ arguments: [String], environment: [String: String] = [:],
    _ body: (_ firstLine: String, _ signal: @Sendable (Signal) -> Void) async throws -> Void = { _, _ in }
) async throws -> (status: TerminationStatus, log: String) {
    let executable = BuiltProducts.executable("sluice-executor")
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        throw TestFailure("no sluice-executor at \(executable.path); build it with swift build")
    }
    let result = try await Subprocess.run(
        .path(.init(executable.path)), arguments: Arguments(arguments),
        environment: .inherit.updating(Dictionary(uniqueKeysWithValues: environment.compactMap { name, value in
            Environment.Key(rawValue: name).map { ($0, Optional(value)) }
        })),
        input: .none, output: .sequence, error: .sequence
    ) { execution -> (String, (any Error)?) in
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            try? execution.send(signal: .kill)
        }
        defer { watchdog.cancel() }
        async let log = collectText(execution.standardError)
        var lines = execution.standardOutput.strings().makeAsyncIterator()
        var failure: (any Error)?
        do {
            let first = try await lines.next() ?? ""
            try await body(first) { signal in try? execution.send(signal: signal) }
        } catch {
            failure = error
            try? execution.send(signal: .kill)
        }
        while try await lines.next() != nil {}
        return (try await log, failure)
    }
    let (log, failure) = result.closureResult
    if let failure { throw TestFailure("\(failure); the executor's log:\n\(log)") }
    return (result.terminationStatus, log)
}

private func collectText(_ output: SubprocessOutputSequence) async throws -> String {
    var text = ""
    for try await line in output.strings() { text += line + "\n" }
    return text
}
