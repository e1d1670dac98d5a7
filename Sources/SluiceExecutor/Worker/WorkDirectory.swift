import Foundation

/// Where a worker's shell attempts get their directories: the configured one, or a temporary
/// one that goes away with the worker.
struct WorkDirectory: Sendable {
    let url: URL
    let isTemporary: Bool

    static func prepare(_ configured: URL?, executorID: String, needed: Bool) async throws -> WorkDirectory {
        let url = configured ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-executor-\(AttemptDirectory.directoryName(for: executorID))", isDirectory: true)
        let directory = WorkDirectory(url: url, isTemporary: configured == nil)
        guard needed else { return directory }
        do {
            try await offPool { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        } catch {
            throw WorkDirectoryError(path: url.path, reason: "\(error)")
        }
        return directory
    }

    func removeIfTemporary() async {
        guard isTemporary else { return }
        let url = self.url
        _ = try? await offPool { try FileManager.default.removeItem(at: url) }
    }
}

/// The work directory cannot be made.
public struct WorkDirectoryError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot create the work directory \(path): \(reason)" }
}
