import Foundation

/// A server for the benchmark, in a process of its own, and the address it reported.
final class BenchProcess {
    let address: String
    private let process: Process

    init(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        var buffer = Data()
        while !buffer.contains(0x0a) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard let range = line.range(of: "listening on ") else {
            process.terminate()
            throw BenchFailure("\(executable) did not start: \(line)")
        }
        address = String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// SIGKILL: a child spawned from Swift's thread pool inherits a mask that blocks SIGTERM, and
    /// the C baseline, unlike Sluice's services, does not unblock it.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command to completion and returns its standard output.
func output(of executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchFailure("\(executable) \(arguments) failed") }
    return String(decoding: data, as: UTF8.self)
}
