import Foundation
import Subprocess

/// A real PostgreSQL server for the tests of this process, started once, on first use, by
/// `scripts/postgres-server.sh` (Debian's postgresql, its own directory and port, run as the
/// postgres user). The script's watchdog stops the server by its pid once this process has
/// gone. Each test takes a database of its own.
public enum PostgresTestServer {
    /// postgres://… of a new, empty database on the server. Throws, failing the test, when no
    /// server can be started: these tests never skip.
    public static func freshDatabase() async throws -> String {
        let server = try await shared.value
        let name = "sluice_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "_"))"
        try await run("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", server, "-c", "CREATE DATABASE \(name) STRATEGY FILE_COPY"])
        return server.replacingOccurrences(of: "/postgres", with: "/\(name)")
    }

    /// The server's own URL (its `postgres` database).
    public static func serverURL() async throws -> String {
        try await shared.value
    }

    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres-server.sh").path

    private static let shared = Task<String, any Error> {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-pg-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        // Tests need no durability across a power loss, and make many databases.
        let url = try await run(
            script, ["start", directory, "\(ProcessInfo.processInfo.processIdentifier)"],
            environment: ["SLUICE_PG_OPTIONS": "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"])
        return url.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a command to its end; its stdout, or an error with its stderr.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await Subprocess.run(
            .path(.init(executable)), arguments: Arguments(arguments),
            environment: .inherit.updating(Dictionary(uniqueKeysWithValues: environment.compactMap { name, value in
                Environment.Key(rawValue: name).map { ($0, Optional(value)) }
            })),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        guard result.terminationStatus.isSuccess else {
            throw PostgresTestServerError(
                "\(executable) \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
        return result.standardOutput
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
