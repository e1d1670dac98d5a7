import Foundation
import SluiceKit
import Testing

/// Map nodes in workflow files: `map:` with the task, the inputs it runs over and its options.
@Suite struct WorkflowFileMapTests {
    @Test func theMapExampleReadsAsAMapNodeOverItsList() throws {
        let file = try WorkflowFileExamplesTests.load("map.yaml")
        let workflow = try #require(file.workflows.first { $0.id?.name == "thumbnails" })
        let thumbs = try #require(workflow.nodes.first { $0.id == "thumbs" })
        guard case .map(let map)? = thumbs.kind else {
            Issue.record("thumbs is not a map node")
            return
        }
        #expect(map.task?.name == "thumbnail")
        #expect(map.mappedInputs == ["start"])
        #expect(map.concurrency == 4)
        #expect(map.successCriteria == nil)
        #expect(Self.reference(thumbs.inputs["start"]) == OutputReference(nodeID: "chapters", output: "starts"))
        #expect(Self.reference(workflow.outputs["first"]) == OutputReference(nodeID: "thumbs", output: "image", path: [.index(0)]))
    }

    static func reference(_ binding: Binding?) -> OutputReference? {
        if case .future(let future)? = binding { return future.reference }
        return nil
    }

    static func map(_ options: String, inputs: String = "{a: $inputs.xs, b: 1}") -> String {
        WorkflowFileErrorTests.task + """

            workflows:
              - name: w
                inputs: {xs: list<int>}
                nodes:
                  - id: m
                    map: {task: add, \(options)}
                    inputs: \(inputs)
            """
    }

    @Test(arguments: [
        ("over: [a], concurrency: 0", "concurrency must be a positive number of elements, is 0"),
        ("over: [a], min_successes: 1, min_success_ratio: 0.5", "min_successes or min_success_ratio, not both"),
        ("over: [a], min_success_ratio: 1.5", "min_success_ratio must be above 0 and at most 1, is 1.5"),
        ("over: [c]", "task add has no input 'c' to map over (its inputs: a, b)"),
        ("over: []", "a map runs over at least one input"),
        ("concurrency: 2", "'over'"),
    ])
    func badOptionsAreRefusedNamingTheOption(_ options: String, _ expected: String) {
        let error = WorkflowFileErrorTests.error(parsing: Self.map(options), source: "map.yaml")
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
    }

    @Test func aMappedInputBoundToSomethingOtherThanAListIsRefused() {
        let error = WorkflowFileErrorTests.error(parsing: Self.map("over: [a]", inputs: "{a: 3, b: 1}"), source: "map.yaml")
        #expect(error?.path == "workflows[0].nodes[0].inputs.a", "\(error?.description ?? "no error")")
    }
}
