import Foundation
import SluiceKit
import Testing

/// The examples shipped in examples/ are what new users run first: each must read cleanly and
/// mean what its comments say.
@Suite struct WorkflowFileExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    static func load(_ name: String) throws -> WorkflowFile {
        try WorkflowFile.load(contentsOf: examples.appendingPathComponent(name))
    }

    @Test func everyExampleReads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            let parsed = try Self.load(file)
            #expect(!parsed.workflows.isEmpty, "\(file) defines no workflow")
        }
    }

    @Test func demoFansOutFansInBranchesAndRetries() throws {
        let file = try Self.load("demo.yaml")
        let demo = try #require(file.workflows.first { $0.id?.name == "demo" })
        let readersOfN = demo.nodes.filter { node in
            node.inputs.values.contains(.future(SluiceWire.Future(reference: OutputReference(nodeID: "", output: "n"))))
        }
        #expect(readersOfN.map(\.id) == ["square", "double", "increment"])

        let sum = try #require(demo.nodes.first { $0.id == "sum" })
        let producers = Set(sum.inputs.values.compactMap { binding -> String? in
            if case .future(let future) = binding { future.reference?.nodeID } else { nil }
        })
        #expect(producers == ["square", "double", "increment"])

        let size = try #require(demo.nodes.first { $0.id == "size" })
        guard case .branch(let branch)? = size.kind else { Issue.record("size is not a branch"); return }
        #expect(branch.cases.count == 1)
        #expect(branch.cases.first?.thenNode?.id == "big")
        #expect(branch.elseNode?.id == "small")

        let flaky = try #require(file.tasks.first { $0.id?.name == "flaky" })
        #expect(flaky.retries?.maxRetries == 2)
        guard case .shell(let shell)? = flaky.kind else { Issue.record("flaky is not a shell task"); return }
        #expect(shell.script.contains("SLUICE_EXECUTION_ID"))
    }

    @Test func approvalWaitsForAnApprovalBetweenItsTasks() throws {
        let file = try Self.load("approval.yaml")
        let approval = try #require(file.workflows.first { $0.id?.name == "approval" })
        #expect(approval.nodes.map(\.id) == ["propose", "ship", "announce"])
        guard case .gate(let gate)? = approval.nodes[1].kind, case .approve(let approve)? = gate.condition else {
            Issue.record("ship is not an approve gate")
            return
        }
        #expect(approve.signalID == "ship")
        #expect(approval.nodes[1].inputs == ["value": .future(SluiceWire.Future(reference: OutputReference(nodeID: "propose", output: "release")))])
        #expect(approval.nodes[2].inputs["release"] == .future(SluiceWire.Future(reference: OutputReference(nodeID: "ship", output: "value"))))
        #expect(approval.interface?.outputs.first { $0.name == "release" }?.type == .simple(.int))
        for task in file.tasks {
            guard case .shell? = task.kind else { Issue.record("\(task.id?.name ?? "") is not a shell task"); continue }
        }
    }

    @Test func subWorkflowsComeBeforeTheWorkflowsThatUseThem() throws {
        let file = try Self.load("subworkflow.yaml")
        #expect(file.workflows.map { $0.id?.name } == ["arithmetic", "nested"])
        let arithmetic = try #require(file.workflows.first?.id)
        let nested = file.workflows[1]
        for node in nested.nodes {
            guard case .workflow(let sub)? = node.kind else { Issue.record("\(node.id) is not a sub-workflow"); continue }
            #expect(sub.workflow == arithmetic, "the file's own version is pinned")
        }
    }
}
