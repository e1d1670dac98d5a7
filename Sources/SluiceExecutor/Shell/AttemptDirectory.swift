import Foundation
import SluiceCore
import SluiceWire

/// The directory one shell attempt works in: its inputs.json, the outputs.json it writes, and
/// its working directory unless the task names one.
struct AttemptDirectory: Sendable {
    let url: URL

    var inputsFile: URL { url.appendingPathComponent("inputs.json") }
    var outputsFile: URL { url.appendingPathComponent("outputs.json") }
    /// Where a dynamic task writes the subgraph to run (docs/workflow-yaml.md, "Dynamic nodes").
    var subgraphFile: URL { url.appendingPathComponent("subgraph.yaml") }

    /// Makes a fresh directory for the attempt under `parent` and writes the inputs into it.
    static func create(in parent: URL, attemptID: String, inputs: [String: Literal]) async throws -> AttemptDirectory {
        let directory = AttemptDirectory(url: parent.appendingPathComponent(directoryName(for: attemptID), isDirectory: true))
        let json = LiteralJSON.encodeObject(inputs)
        try await offPool {
            let files = FileManager.default
            // A directory left by an earlier run of the same attempt must not leak its outputs.json.
            if files.fileExists(atPath: directory.url.path) { try files.removeItem(at: directory.url) }
            try files.createDirectory(at: directory.url, withIntermediateDirectories: true)
            try Data(json.utf8).write(to: directory.inputsFile)
        }
        return directory
    }

    /// Removes the directory and everything the task left in it.
    func remove() async {
        let url = self.url
        _ = try? await offPool { try FileManager.default.removeItem(at: url) }
    }

    /// The attempt id made safe as one path component.
    static func directoryName(for attemptID: String) -> String {
        let safe = String(attemptID.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
            default: "_"
            }
        })
        return safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "attempt" : safe
    }
}
