import Foundation

/// DATA/pids.json: the services `sluice up --detach` started, for `sluice down`.
struct PidFile: Codable {
    struct Service: Codable {
        var name: String
        var pid: Int32
        var address: String
        var log: String
    }

    var services: [Service]

    static func url(dataDirectory: URL) -> URL { dataDirectory.appendingPathComponent("pids.json") }

    static func read(dataDirectory: URL) throws -> PidFile? {
        let url = url(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(PidFile.self, from: Data(contentsOf: url))
        } catch {
            throw CLIError("\(url.path) is not a pid file Sluice wrote (\(error.localizedDescription)); remove it if no services run")
        }
    }

    func write(dataDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: Self.url(dataDirectory: dataDirectory), options: .atomic)
    }

    static func remove(dataDirectory: URL) {
        try? FileManager.default.removeItem(at: url(dataDirectory: dataDirectory))
    }
}
