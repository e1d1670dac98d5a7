import Foundation

/// A service's log file, read from where this start began: for its readiness line and, when it
/// fails, for its last lines.
struct ServiceLog {
    let path: String
    /// The size of the file when the service was started; earlier runs' lines are not this one's.
    let offset: UInt64

    init(path: String) {
        self.path = path
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value
        self.offset = size ?? 0
    }

    /// What this run has written so far.
    func text() -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// The line a service prints once it serves: "sluice-admin listening on ADDR", or the
    /// executor's "sluice-executor ID polling ADDR with N slots". Returns what follows the
    /// service's name.
    func readinessLine(of service: String) -> String? {
        for line in text().split(whereSeparator: \.isNewline) {
            let prefix = "sluice-\(service) "
            guard line.hasPrefix(prefix) else { continue }
            if line.contains(" listening on ") || line.contains(" polling ") {
                return String(line.dropFirst(prefix.count))
            }
        }
        return nil
    }

    /// The last `count` lines this run wrote, indented, for an error report.
    func tail(_ count: Int = 20) -> String {
        let lines = text().split(whereSeparator: \.isNewline).suffix(count)
        return lines.isEmpty ? "  (the log is empty)" : lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
