import Foundation
import SluiceTestSupport
import Testing

/// Runs Debian's `protoc` against the package's proto files, to check Swift's bytes against the
/// reference implementation.
enum Protoc {
    struct Failure: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let stderr: String
        var description: String { "protoc \(arguments.joined(separator: " ")) exited with \(status): \(stderr)" }
    }

    /// The package root: the nearest directory above this file holding proto/sluice/v1.
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("proto/sluice/v1").path) { return directory }
            directory.deleteLastPathComponent()
        }
        fatalError("no proto/sluice/v1 above \(#filePath)")
    }()

    static let executable: String? = ["/usr/bin/protoc", "/usr/local/bin/protoc"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var isAvailable: Bool { executable != nil }

    /// Every .proto of the package, relative to the proto/ include directory.
    static let protoFiles: [String] = {
        let directory = root.appendingPathComponent("proto/sluice/v1")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".proto") }.sorted().map { "sluice/v1/\($0)" }
    }()

    /// `protoc --decode=<type>`: the text format of `bytes`.
    static func decode(_ bytes: [UInt8], as type: String) async throws -> String {
        String(decoding: try await run(["--decode=\(type)"], input: bytes), as: UTF8.self)
    }

    /// `protoc --encode=<type> --deterministic_output`: the canonical bytes of `text`.
    static func encode(_ text: String, as type: String) async throws -> [UInt8] {
        try await run(["--encode=\(type)", "--deterministic_output"], input: Array(text.utf8))
    }

    /// Runs protoc on a thread of its own (waiting for it would block a thread of the pool).
    static func run(_ mode: [String], input: [UInt8]) async throws -> [UInt8] {
        try await onOwnThread { try runBlocking(mode, input: input) }
    }

    /// Runs protoc with stdin, stdout and stderr in temporary files, so that no pipe can fill up.
    private static func runBlocking(_ mode: [String], input: [UInt8]) throws -> [UInt8] {
        guard let executable else { throw Failure(arguments: mode, status: -1, stderr: "protoc not found") }
        let arguments = mode + ["-I\(root.appendingPathComponent("proto").path)", "-I/usr/include"] + protoFiles
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-protoc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (stdinURL, stdoutURL, stderrURL) = (
            directory.appendingPathComponent("stdin"), directory.appendingPathComponent("stdout"),
            directory.appendingPathComponent("stderr"))
        try Data(input).write(to: stdinURL)
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = try FileHandle(forReadingFrom: stdinURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()

        let output = try Data(contentsOf: stdoutURL)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw Failure(arguments: mode, status: process.terminationStatus, stderr: message)
        }
        return [UInt8](output)
    }

    /// Text format with all runs of whitespace collapsed to one space, for substring checks
    /// that do not depend on protoc's indentation.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
}
