import Foundation
import Synchronization

/// Runs blocking work (waiting for a process, reading a pipe to its end) on a thread of its own,
/// so that tests never block a thread of Swift's cooperative pool: on a 2-core machine two
/// blocked threads stall every other test running in parallel.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}

/// A finished child process: what it printed and how it ended.
public struct ProcessOutcome: Sendable {
    public let output: Data
    public let errors: Data
    public let status: Int32

    public var outputText: String { String(decoding: output, as: UTF8.self) }
    public var errorText: String { String(decoding: errors, as: UTF8.self) }
}

/// Runs `executable` with `arguments` to completion, feeding it `input`, off the cooperative pool.
public func runProcess(
    _ executable: String, _ arguments: [String], input: Data? = nil,
    environment: [String: String]? = nil, directory: URL? = nil
) async throws -> ProcessOutcome {
    try await onOwnThread {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        // Errors are drained on another thread so that a chatty child cannot fill the pipe and stall.
        let errorData = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let drainedErrors = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = drainedErrors }
            drained.signal()
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        return ProcessOutcome(output: outputData, errors: errorData.withLock { $0 }, status: process.terminationStatus)
    }
}
