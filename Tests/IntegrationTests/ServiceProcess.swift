import Foundation
import SluiceTestSupport

/// Where the built executables are: $SLUICE_BIN_DIR, else beside the test bundle (swift test
/// builds them into the same directory).
enum BuiltProducts {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["SLUICE_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The repository root, for proto/ and scripts/.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// One of Sluice's services, started as a real process. `address` is what it reported it
/// listens on.
final class ServiceProcess: Sendable {
    let name: String
    let address: String
    private let process: Process
    private let stderrLog: URL
    /// The log, and the database this made for the service: removed with it, so that test
    /// runs do not pile up files in the temporary directory.
    private let ownedFiles: [URL]

    /// Starts `sluice-<name>` listening on `listen` and waits until it says where it listens.
    /// A service that listens nowhere (the executor) passes nil and the words its ready line
    /// holds instead. It checks tokens against ``TestPrincipals`` and calls with the service
    /// token; `environment` adds to that and to the test's own.
    init(
        _ name: String, listen: String? = "tcp://127.0.0.1:0", arguments: [String] = [],
        readyMarker: String = " listening on ", environment: [String: String] = [:]
    ) async throws {
        self.name = name
        let process = Process()
        process.executableURL = BuiltProducts.executable("sluice-\(name)")
        var arguments = arguments
        var ownedFiles: [URL] = []
        if name == "admin" || name == "catalog", !arguments.contains("--database") {
            // Each admin and catalog gets a database of its own, never the working directory's.
            let database = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(name)-\(UUID().uuidString).sqlite")
            arguments += ["--database", database.path]
            ownedFiles += ["", "-wal", "-shm"].map { URL(fileURLWithPath: database.path + $0) }
        }
        process.arguments = (listen.map { ["--listen", $0] } ?? []) + arguments
        process.environment = Self.environment.merging(environment) { $1 }
        let stdout = Pipe()
        stderrLog = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(name)-\(UUID().uuidString).log")
        self.ownedFiles = ownedFiles + [stderrLog]
        _ = FileManager.default.createFile(atPath: stderrLog.path, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrLog)
        try process.run()
        self.process = process
        // A service that never says where it listens is killed, which ends the read below.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        let line = try await onOwnThread { Self.firstLine(of: stdout.fileHandleForReading) }
        watchdog.cancel()
        guard let line, let range = line.range(of: readyMarker) else {
            process.terminate()
            throw ProcessFailure("sluice-\(name) did not report its address; its log says: \((try? String(contentsOf: stderrLog, encoding: .utf8)) ?? "")")
        }
        address = String(line[range.upperBound...]).split(separator: " ").first.map(String.init) ?? ""
    }

    /// The test's environment with ``TestPrincipals/serviceEnvironment``: authentication on, as
    /// by default.
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging(TestPrincipals.serviceEnvironment) { $1 }
    }

    /// A test that ends without stopping its service leaves no process behind either.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for file in ownedFiles { try? FileManager.default.removeItem(at: file) }
    }

    var isRunning: Bool { process.isRunning }
    var log: String { (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end; nil if it has not within the time.
    func waitForExit(within limit: Duration) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while process.isRunning, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() async {
        guard process.isRunning else { return }
        signal(SIGKILL)
        _ = await waitForExit(within: .seconds(5))
    }

    /// Blocks until a whole line has arrived, or the output ends.
    private static func firstLine(of handle: FileHandle) -> String? {
        var buffer = Data()
        while true {
            if let newline = buffer.firstIndex(of: 0x0a) {
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a shell pipeline (for protoc and nngcat), returning its stdout and exit status.
func shell(_ script: String, input: Data? = nil) async throws -> (output: Data, status: Int32) {
    let outcome = try await runProcess(
        "/bin/bash", ["-o", "pipefail", "-c", script], input: input, directory: BuiltProducts.repository)
    return (outcome.output, outcome.status)
}

/// protoc's flags for Sluice's contract.
let protocIncludes = "-Iproto -I/usr/include proto/sluice/v1/*.proto"
