import SluiceKit
import Testing

/// The subgraph file a shell dynamic task writes, read as the executor reads it.
@Suite struct SubgraphFileTests {
    static let interface = TypedInterface(
        inputs: [Variable(name: "ks", type: .collection(.simple(.int)))],
        outputs: [Variable(name: "best", type: .simple(.int))])

    private func problems(_ yaml: String) -> String {
        do {
            _ = try WorkflowFile.subgraph(yaml, source: "subgraph.yaml", interface: Self.interface)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func nodesOutputsAndDeclaredTasksAreRead() throws {
        let result = try WorkflowFile.subgraph("""
            tasks:
              - name: score
                inputs: {k: int}
                outputs: {score: int}
                script: echo {{inputs.k}}
            nodes:
              - {id: k2, task: score, inputs: {k: 2}}
              - {id: k3, task: evaluate, inputs: {k: 3, all: $inputs.ks}}
            outputs:
              best: $k2.score
            """, source: "subgraph.yaml", interface: Self.interface)
        #expect(result.nodes.map(\.id) == ["k2", "k3"])
        #expect(result.tasks.compactMap { $0.id?.name } == ["score"])
        #expect(result.tasks.first?.id?.version.isEmpty == false, "a declared task gets a version from its content, as in a file")
        // The compiler fills in the futures' types; the file gives where they come from.
        #expect(result.outputs["best"] == .future(SluiceWire.Future(reference: OutputReference(nodeID: "k2", output: "score"))))
        #expect(result.nodes[1].inputs["all"] == .future(SluiceWire.Future(reference: OutputReference(nodeID: "", output: "ks"))))
    }

    @Test func anEmptySubgraphBindsItsOutputsToValues() throws {
        let result = try WorkflowFile.subgraph("outputs: {best: 4}", source: "subgraph.yaml", interface: Self.interface)
        #expect(result.nodes.isEmpty)
        #expect(result.outputs["best"] == .literal(.int(4)))
    }

    @Test func everyMistakeIsNamed() {
        #expect(problems("nodes: []\noutputs: {best: 1}\nextra: 1").contains("extra"))
        #expect(problems("nodes:\n  - {id: a, task: t}\noutputs: {}").contains("does not bind the task's output 'best'"))
        #expect(problems("outputs: {best: 1, other: 2}").contains("'other' is not an output of the dynamic task (it has: best)"))
        #expect(problems("nodes:\n  - {id: a, task: t, inputs: {x: $nowhere.y}}\noutputs: {best: $a.y}").contains("nowhere"))
        #expect(problems("nodes: [").contains("not valid YAML"))
        #expect(problems("").contains("empty"))
    }
}
