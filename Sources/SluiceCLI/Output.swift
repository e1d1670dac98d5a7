import ArgumentParser
import Foundation
import SluiceKit

/// `--output json`: stable key order and ISO 8601 dates, for scripts.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func printJSON(_ value: JSONValue) {
    print(value.rendered())
}

/// Writes to stderr at once (stdout may be a pipe that is read later).
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// text (aligned tables) or json.
struct OutputOptions: ParsableArguments {
    @Option(help: "text or json.")
    var output: OutputFormat = .text

    var json: Bool { output == .json }
}

/// A failure the CLI itself finds (a bad argument that only the services' answers reveal, a
/// service that will not start), reported as one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command's body; any failure becomes ONE line on stderr ("error: ...") and exit status
/// 1, except a workflow file's problems, a line each. Usage errors are left to the argument
/// parser, which prints them with the usage.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch is CancellationError {
        throw ExitCode(130)
    } catch let error as WorkflowFileError {
        // A workflow file with several problems: one line for each, as a compiler lists them.
        for problem in error.all { printToStandardError("error: " + problem.description) }
        throw ExitCode.failure
    } catch {
        printToStandardError("error: " + oneLine(error))
        throw ExitCode.failure
    }
}

/// An error as one line a person can act on.
func oneLine(_ error: any Error) -> String {
    switch error {
    case let error as ServiceError:
        var text = error.message
        // A detail that is the message again (a service's refusal of one field) would print the
        // same sentence twice.
        let details = error.details.filter { $0.message != text }.map { detail in
            var subject: [String] = []
            if !detail.nodeID.isEmpty { subject.append("node \(detail.nodeID)") }
            if !detail.input.isEmpty { subject.append("input \(detail.input)") }
            if !detail.field.isEmpty { subject.append(detail.field) }
            return (subject.isEmpty ? "" : subject.joined(separator: ", ") + ": ") + detail.message
        }
        if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
        if error.code == .unavailable || error.code == .deadlineExceeded, !text.contains("running") {
            text += "; is Sluice running? Start it with: sluice up"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    case let error as InputAssignments.Problem:
        return error.message
    default:
        return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// Exit statuses by how an execution ended: 0 only for SUCCEEDED.
enum PhaseExit {
    static func code(_ phase: ExecutionPhase) -> Int32 {
        switch phase {
        case .succeeded: 0
        case .failed: 2
        case .aborted: 3
        case .timedOut: 4
        case .unspecified, .queued, .running: 1
        }
    }

    static let help = "Exit status: 0 SUCCEEDED, 2 FAILED, 3 ABORTED, 4 TIMED_OUT, 1 for any other error."
}

extension ConnectionOptions {
    /// A client for the command's lifetime, closed after `body`.
    func withClient<T>(_ body: (SluiceClient) async throws -> T) async throws -> T {
        let client = try SluiceClient(endpoints: endpoints, token: token, timeout: timeoutDuration)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    func withCache<T>(_ body: (SluiceCache) async throws -> T) async throws -> T {
        let cache = try SluiceCache(endpoints: endpoints, token: token, timeout: timeoutDuration)
        do {
            let result = try await body(cache)
            await cache.close()
            return result
        } catch {
            await cache.close()
            throw error
        }
    }
}
