import SluiceKit
import Testing

/// A file with several mistakes reports each one that can be found on its own in one read, in
/// the order of the file, instead of the first alone.
@Suite struct WorkflowFileProblemsTests {
    func problems(_ yaml: String) -> [WorkflowFileError] {
        WorkflowFileErrorTests.error(parsing: yaml, source: "many.yaml")?.all ?? []
    }

    @Test func everyBrokenTaskNodeAndOutputIsReported() throws {
        let found = problems(WorkflowFileErrorTests.task + """

              - name: bad-type
                script: x
                inputs: {n: lst<int>}
              - name: unknown-key
                script: x
                caching: true
            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1, b: 2}}
                  - {id: b, task: add, inputs: {a: $a.totl, b: 1}}
                  - {id: c, task: add, inputs: {a: $a.total, b: $nope.total}}
                outputs:
                  sum: $c.total
                  wrong: $a.missing
            """)
        #expect(found.map(\.path) == [
            "tasks[1].inputs.n", "tasks[2]", "workflows[0].nodes[1].inputs.a",
            "workflows[0].nodes[2].inputs.b", "workflows[0].outputs.wrong",
        ])
        #expect(found.map(\.line) == [9, 12, 17, 18, 21])
        let error = try #require(WorkflowFileErrorTests.error(parsing: """
            tasks:
              - {name: a, script: x, inputs: {n: lst<int>}}
              - {name: b, script: x, caching: true}
            """, source: "two.yaml"))
        // One line per problem, each as it would read alone.
        #expect(error.description.split(separator: "\n").count == 2)
        #expect(error.description.split(separator: "\n").allSatisfy { $0.hasPrefix("two.yaml:") })
        #expect(error.others.count == 1)
    }

    @Test func aWorkflowUsingABrokenTaskWaitsForTheTaskToBeFixed() {
        // The workflow cannot be checked against a task that did not read: it would only report
        // that the task's outputs are unknown.
        let found = problems("""
            tasks:
              - name: add
                inputs: {a: int}
                outputs: {total: int}
                script: echo
                retries: many
            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1}}
                outputs:
                  total: $a.total
              - name: other
                nodes:
                  - {id: b, task: elsewhere, inputs: {x: $inputs.missing}}
            """)
        #expect(found.map(\.path) == ["tasks[0].retries", "workflows[1].nodes[0].inputs.x"])
    }

    @Test func aTaskDefinedTwiceKeepsItsFirstDefinitionForTheWorkflows() {
        let found = problems("""
            tasks:
              - {name: add, inputs: {a: int}, outputs: {total: int}, script: echo}
              - {name: add, inputs: {a: int}, outputs: {total: int}, script: echo}
            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1}}
                  - {id: b, task: add, inputs: {a: $a.totl}}
            """)
        #expect(found.map(\.message) == [
            "task 'add' is defined twice in this file",
            "unknown reference 'a.totl': node 'a' has no output 'totl' (outputs: total)",
        ])
    }
}
