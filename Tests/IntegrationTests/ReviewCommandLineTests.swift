import Foundation
import SluiceRPC
import SluiceWire
import Testing

/// The human in the loop at the command line, against real services: what a reviewer sees of a
/// gate waiting for them, and what the CLI says when they get it wrong.
@Suite("Reviewing at the command line", .serialized)
struct ReviewCommandLineTests {
    typealias S = ShellSpecs

    /// draft → review (approve, a day to decide) → after; and a signal gate "size" beside them.
    static let reviewed = S.workflow("reviewed-cli", outputs: ["result": S.int, "size": S.int], nodes: [
        S.node("draft", S.addOne, ["x": S.future("", "n")]),
        GateEndToEndTests.gate("review", .approve(ApproveGate(signalID: "ship")), timeout: .seconds(86_400),
                               inputs: ["value": S.future("draft", "y")]),
        S.node("after", S.addOne, ["x": S.future("review", "value")]),
        GateEndToEndTests.signalGate("size"),
    ], bindings: ["result": S.future("after", "y"), "size": S.future("size", "value")])

    @Test("a reviewer sees the value under review, the signals still awaited, and full dates; mistakes are explained once")
    func reviewing() async throws {
        try await Cluster.with(tasks: [S.addOne], workflows: [Self.reviewed]) { cluster, client in
            let admin = ["--admin", cluster.adminAddress]
            let started = try await client.start("reviewed-cli", inputs: ["n": .int(10)])
            let id = started.id
            for _ in 0..<500 {
                if try await client.nodes(id)["review"]?.phase == .paused { break }
                try await Task.sleep(for: .milliseconds(10))
            }

            let status = try await sluice(["status", id] + admin)
            #expect(status.output.contains(#"waiting for approval "ship" of 11, times out at "#), "\(status.output)")
            let date = try #require(try Regex(#"times out at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+"#).firstMatch(in: status.output))
            #expect(!date.output.isEmpty, "the deadline carries its date and zone")

            let pending = try await sluice(["signals", "--pending", "--output", "json"] + admin)
            #expect(pending.output.contains(#""value": 11"#) || pending.output.contains(#""value":11"#), "\(pending.output)")

            let signals = try await sluice(["signals", id] + admin)
            let waiting = signals.output.split(separator: "\n").filter { $0.contains("waiting") }.map { String($0.prefix(6)) }
            #expect(Set(waiting) == ["ship  ", "size  "], "the signals the gates still wait for: \(signals.output)")

            let wrongGate = try await sluice(["approve", id, "size"] + admin)
            #expect(wrongGate.status != 0)
            #expect(wrongGate.errors.contains("'size' of execution \(id) is a signal gate, not an approval"), "\(wrongGate.errors)")
            #expect(wrongGate.errors.contains("sluice signal \(id) size VALUE"))
            #expect(wrongGate.errors.components(separatedBy: "signal gate").count == 2, "said once: \(wrongGate.errors)")

            let rejected = try await sluice(["reject", id, "ship", "--reason", "y looks wrong", "--as", "bob"] + admin)
            #expect(rejected.status == 0, "\(rejected.errors)")
            _ = try await client.waitForEnd(id)
            let failed = try await sluice(["status", id] + admin)
            #expect(failed.output.contains("rejected by tester (as bob): y looks wrong"), "\(failed.output)")
            #expect(!failed.output.contains("(by tester"), "the reviewer is named once: \(failed.output)")

            let approveAfter = try await sluice(["approve", id, "ship"] + admin)
            #expect(approveAfter.errors.contains("was already rejected by tester (as bob)"), "\(approveAfter.errors)")
        }
    }
}
