import Foundation
import SluiceKit
import SluiceRPC
import SluiceWire
import Testing

/// `sluice graph` run as a user runs it: the built CLI against real services, after the YAML
/// model search ran.
@Suite("sluice graph on real services", .serialized)
struct GraphCommandLineTests {
    @Test("an execution's graph shows its dynamic subgraph with phases and cache hits, as DOT, Mermaid and SVG; a workflow's shows what would run")
    func graphs() async throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let file = try WorkflowFile.load(contentsOf: examples.appendingPathComponent("model-search.yaml"))
        try await Cluster.with(tasks: file.tasks, workflows: file.workflows) { cluster, client in
            func cli(_ arguments: [String]) async throws -> (output: String, errors: String, status: Int32) {
                try await sluice(arguments + ["--admin", cluster.adminAddress])
            }
            let first = try await client.start("model-search", inputs: ["largest": .int(4)])
            _ = try await client.waitForEnd(first.id)
            let second = try await client.start("model-search", inputs: ["largest": .int(4)])
            _ = try await client.waitForEnd(second.id)

            let dot = try await cli(["graph", first.id])
            #expect(dot.status == 0, "\(dot.errors)")
            #expect(dot.output.hasPrefix("digraph"))
            #expect(dot.output.contains(##""evaluate/k3" [label="evaluate/k3\nevaluate\nSUCCEEDED", fillcolor="#c8e6c9"]"##), "\(dot.output)")
            #expect(dot.output.contains(#""evaluate/k3" -> "evaluate/best";"#))
            #expect(dot.output.contains(#""models" -> "evaluate";"#))
            #expect(dot.output.contains(#"subgraph "cluster_evaluate"#))

            let hits = try await cli(["graph", second.id])
            #expect(hits.output.contains(##""evaluate/k3" [label="evaluate/k3\nevaluate\nSUCCEEDED · cache hit", fillcolor="#c8e6c9", peripheries=2]"##),
                    "\(hits.output)")

            let mermaid = try await cli(["graph", first.id, "--format", "mermaid"])
            #expect(mermaid.output.hasPrefix("flowchart LR"))
            #expect(mermaid.output.contains("evaluate/best<br/>pick-best<br/>SUCCEEDED"))

            let picture = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-graph-\(UUID().uuidString).svg")
            defer { try? FileManager.default.removeItem(at: picture) }
            let svg = try await cli(["graph", first.id, "--format", "svg", "--output", picture.path])
            #expect(svg.status == 0, "\(svg.errors)")
            let drawn = try String(contentsOf: picture, encoding: .utf8)
            #expect(drawn.contains("<svg") && drawn.contains("evaluate/best"))

            // The workflow as registered: its two nodes, no phases.
            let workflow = try await cli(["graph", "model-search"])
            #expect(workflow.output.contains(#""evaluate" [label="evaluate\ndynamic evaluate-all", style="filled"];"#), "\(workflow.output)")
            #expect(!workflow.output.contains("SUCCEEDED"))

            let missing = try await cli(["graph", "no-such-thing"])
            #expect(missing.status != 0)
            #expect(missing.errors.contains("no execution or workflow is named 'no-such-thing'"))
        }
    }
}
