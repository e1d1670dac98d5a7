import Foundation
import SluiceRPC
import SluiceWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who an executor process is, as the scheduler sees it.
public enum ExecutorIdentity {
    /// "hostname-pid-random": readable in listings, and unique even when a pid is reused.
    public static func defaultID() -> String {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(hostname())-\(getpid())-\(suffix)"
    }

    /// The machine's name, from the kernel (no name service lookup).
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    static func info(for configuration: WorkerConfiguration) -> ExecutorInfo {
        ExecutorInfo(
            executorID: configuration.executorID,
            pool: configuration.pool,
            runsShell: configuration.runsShellTasks,
            swiftTasks: configuration.swiftTasks.names,
            slots: UInt32(clamping: configuration.slots),
            hostname: hostname(),
            version: SluiceRelease.version)
    }
}
