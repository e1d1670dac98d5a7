import SluiceTestSupport
import Foundation
import SluiceLogging
import SluiceRPC
import SluiceWire
import Testing

/// What admin writes to its log, as a container's log collector reads it: one JSON object per
/// line, with Sluice's metadata keys.
@Suite("Service logs")
struct ServiceLogTests {
    typealias S = ShellSpecs

    @Test("with log.format json, admin logs what it does as JSON lines carrying the execution's id under its key")
    func adminLogsItsWorkAsJSON() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try await ServiceProcess(
            "admin", arguments: ["--database", directory.appendingPathComponent("admin.sqlite").path, "--log-format", "json"])
        let client = try AdminClient(address: admin.address, token: TestPrincipals.adminToken)
        let workflow = S.workflow("logged", outputs: ["result": S.int], nodes: [S.node("a", S.addOne, ["x": S.future("", "n")])],
                                  bindings: ["result": S.future("a", "y")])
        try await client.register(tasks: [S.addOne], workflows: [workflow])
        let started = try await client.start("logged", inputs: ["n": .int(1)])
        await client.close()
        await admin.stop()

        let records = admin.log.split(separator: "\n").compactMap { line -> [String: Any]? in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        #expect(!records.isEmpty && records.count == admin.log.split(separator: "\n").count, "every line is JSON:\n\(admin.log)")
        let created = records.first { $0["message"] as? String == "execution created" }
        #expect(created?[LogKey.executionID] as? String == started.id, "\(admin.log)")
        #expect((created?[LogKey.workflow] as? String)?.hasPrefix("logged") == true, "\(created ?? [:])")
        #expect(created?["level"] as? String == "info")
        #expect(created?["label"] as? String == "sluice.admin")
        #expect(records.contains { $0["message"] as? String == "workflow registered" })
    }
}
