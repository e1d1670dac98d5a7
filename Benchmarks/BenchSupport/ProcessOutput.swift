import Foundation

/// Runs a command to completion and returns its standard output. It is waited for on a thread
/// of its own, as servers are started, so that no thread of the cooperative pool blocks.
public func output(of executable: String, _ arguments: [String]) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result {
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
            })
        }
    }
}
