import Foundation

/// A server a benchmark starts in a process of its own: a Sluice service, or the plain-C nng
/// baseline. It is ready once it prints its "listening on ADDRESS" line.
public final class BenchService: @unchecked Sendable {
    public let name: String
    /// The address it listens on, or its ready line for one that listens nowhere.
    public let address: String
    private let process: Process

    /// Starts it and waits (on a thread of its own, not the cooperative pool) until it prints
    /// a line holding `marker`. Its standard error goes to `log`, or to this process's own.
    public static func start(
        _ executable: String, _ arguments: [String], marker: String = "listening on ", log: URL? = nil
    ) async throws -> BenchService {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try BenchService(executable, arguments, marker: marker, log: log) })
            }
        }
    }

    private init(_ executable: String, _ arguments: [String], marker: String, log: URL?) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(BenchCredentials.environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.standardError
        }
        try process.run()
        self.process = process
        var buffer = Data()
        while !buffer.contains(0x0a) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard let range = line.range(of: marker) else {
            process.terminate()
            throw BenchFailure("\(executable) did not start (\(line))" + (log.map { "; see \($0.path)" } ?? ""))
        }
        address = String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    public var pid: Int32 { process.processIdentifier }

    /// CPU time (user + system) the process has used so far, in milliseconds, from /proc.
    public var cpuMilliseconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory, in MB, from /proc.
    public var residentMegabytes: Double { statusMegabytes("VmRSS:") }

    /// The most resident memory the process has had, in MB, from /proc.
    public var peakResidentMegabytes: Double { statusMegabytes("VmHWM:") }

    private func statusMegabytes(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    /// SIGKILL: a child spawned from Swift's thread pool may have SIGTERM blocked, and the C
    /// baseline, unlike Sluice's services, does not unblock it.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// SIGKILL, then waits (up to 5 s) until the process has ended and its sockets are closed.
    public func stopAndWait() async {
        stop()
        for _ in 0..<500 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
