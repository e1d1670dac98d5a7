import Foundation
import SluiceKit
import Testing

/// Mistakes in workflow files, each reported with the file, the line and the path to fix.
@Suite struct WorkflowFileErrorTests {
    func error(_ yaml: String) -> WorkflowFileError? {
        Self.error(parsing: yaml, source: "demo.yaml")
    }

    /// The error reading `yaml` gives; nil (and an issue) when it reads or fails otherwise.
    static func error(parsing yaml: String, source: String) -> WorkflowFileError? {
        do {
            _ = try WorkflowFile.parse(yaml, source: source)
            return nil
        } catch let error as WorkflowFileError {
            return error
        } catch {
            Issue.record("not a WorkflowFileError: \(error)")
            return nil
        }
    }

    func expectError(_ yaml: String, line: Int?, path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = error(yaml)
        #expect(found == WorkflowFileError(source: "demo.yaml", line: line, path: path, message: message),
                "\(found.map(\.description) ?? "no error")", sourceLocation: sourceLocation)
    }

    /// Found reviewing the fuzz targets: YAML's "\0" escape wrote a NUL into a
    /// spec, which then could not be sent to admin.
    @Test func aValueHoldingANulCharacterIsRefusedWithItsLine() {
        expectError("""
            tasks:
              - name: greet
                script: "echo a\\0b"
            """, line: 3, path: "", "a value holds a NUL character (written \\0), which no Sluice value can hold")
    }

    static let task = """
        tasks:
          - name: add
            version: "1"
            inputs: {a: int, b: int}
            outputs: {total: int}
            script: echo
        """

    @Test func theDescriptionNamesFileLineAndPath() {
        let error = WorkflowFileError(source: "demo.yaml", line: 14, path: "workflows[0].nodes[2].inputs.x", message: "unknown reference 'b.total'")
        #expect(error.description == "demo.yaml:14: workflows[0].nodes[2].inputs.x: unknown reference 'b.total'")
        #expect(WorkflowFileError(source: "a.yaml", line: nil, path: "", message: "empty").description == "a.yaml: empty")
    }

    @Test func yamlSyntax() {
        let found = error("tasks:\n  - name: a\n   bad: [\n")
        #expect(found?.line != nil)
        #expect(found?.message.hasPrefix("not valid YAML") == true)
        expectError("tasks: []\ntasks: []\n", line: 1, path: "", "a key appears twice in one mapping: tasks")
    }

    @Test func unknownKeys() {
        expectError("""
            tasks:
              - name: a
                script: echo
                caching: true
            """, line: 4, path: "tasks[0]",
            "unknown key 'caching' in a task (allowed: name, version, description, labels, code_version, inputs, outputs, command, script, env, working_directory, image, retries, timeout, heartbeat_timeout, pool, cache, dynamic)")
        expectError("""
            tasks:
              - name: a
                inputs: {x: int}
                script: echo
                cache: {version: "2", ignored_inputs: [y]}
            """, line: 5, path: "tasks[0].cache.ignored_inputs",
            "ignored_inputs names y, which is not an input of the task (inputs: x)")
        expectError("taks: []", line: 1, path: "", "unknown key 'taks' in the file (allowed: tasks, workflows)")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - id: a
                    task: t
                    retry: 2
            """, line: 6, path: "workflows[0].nodes[0]",
            "unknown key 'retry' in a node (allowed: id, name, task, workflow, branch, gate, map, dynamic, inputs, upstream, retries, timeout, pool)")
        expectError("""
            tasks: [{name: a, script: x, retries: {max: 1, jitter: 2}}]
            """, line: 1, path: "tasks[0].retries", "unknown key 'jitter' in retries (allowed: max, backoff, multiplier, max_backoff, system)")
    }

    @Test func badTypeText() {
        expectError("""
            tasks:
              - name: a
                script: x
                inputs:
                  n: lst<int>
            """, line: 5, path: "tasks[0].inputs.n",
            "bad type 'lst<int>': unknown type 'lst' (known: bool, bytes, datetime, duration, float, int, none, string, struct, blob, list<T>, collection<T>, map<T>, optional<T>) at column 1")
        expectError("""
            tasks: [{name: a, script: x, outputs: {n: "map<int"}}]
            """, line: 1, path: "tasks[0].outputs.n", "bad type 'map<int': expected '>' but the type ends at column 8")
    }

    @Test func badReferences() {
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - id: a
                    task: add
                    inputs: {a: 1, b: 2}
                  - id: c
                    task: add
                    inputs:
                      a: $a.total
                      b: $b.total
            """, line: 17, path: "workflows[0].nodes[1].inputs.b", "unknown reference 'b.total': no node 'b' (nodes: a, c)")
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1, b: 2}}
                  - {id: c, task: add, inputs: {a: $a.totl, b: 1}}
            """, line: 11, path: "workflows[0].nodes[1].inputs.a", "unknown reference 'a.totl': node 'a' has no output 'totl' (outputs: total)")
        expectError(Self.task + """

            workflows:
              - name: w
                inputs: {n: int}
                nodes:
                  - {id: a, task: add, inputs: {a: $inputs.m, b: 1}}
            """, line: 11, path: "workflows[0].nodes[0].inputs.a", "unknown reference 'inputs.m': no workflow input 'm' (inputs: n)")
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: $a.total, b: 1}}
            """, line: 10, path: "workflows[0].nodes[0].inputs.a", "'a.total': node 'a' cannot use its own outputs")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a, task: t, inputs: {x: $a}}
            """, line: 4, path: "workflows[0].nodes[0].inputs.x",
            "'$a' is not a reference; write $a.OUTPUT, or $inputs.NAME for a workflow input (or $$ for a literal $)")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a, task: t}
                  - {id: b, task: t, inputs: {x: "$a.rows[x]"}}
            """, line: 5, path: "workflows[0].nodes[1].inputs.x",
            "expected an index (0, 1, ...) or a quoted key inside '[ ]' at character 9 of the reference")
    }

    @Test func referencesIntoABranchPointAtTheBranch() {
        expectError("""
            workflows:
              - name: w
                inputs: {ok: bool}
                nodes:
                  - id: pick
                    inputs: {ok: $inputs.ok}
                    branch:
                      cases: [{when: ok, then: {id: yes, task: t}}]
                  - {id: after, task: t, inputs: {x: $yes.out}}
            """, line: 9, path: "workflows[0].nodes[1].inputs.x",
            "'yes.out' points into branch 'pick'; use the branch's outputs: $pick.out")
    }

    @Test func badBranchConditionsPointAtTheToken() {
        func branch(_ condition: String) -> String {
            """
            workflows:
              - name: w
                inputs: {total: int}
                nodes:
                  - id: pick
                    inputs: {total: $inputs.total}
                    branch:
                      cases:
                        - when: "\(condition)"
                          then: {id: big, task: t}
            """
        }
        expectError(branch("totl > 3"), line: 9, path: "workflows[0].nodes[0].branch.cases[0].when",
                    "bad condition 'totl > 3': unknown input 'totl' (inputs: total) at column 1")
        expectError(branch("total >> 3"), line: 9, path: "workflows[0].nodes[0].branch.cases[0].when",
                    "bad condition 'total >> 3': expected an input name or a value, found '>' at column 8")
        expectError(branch("total = 3"), line: 9, path: "workflows[0].nodes[0].branch.cases[0].when",
                    "bad condition 'total = 3': '=' is not a comparison; write '==' at column 7")
    }

    @Test func nodesNeedAnIdAndExactlyOneKind() {
        expectError("""
            workflows:
              - name: w
                nodes:
                  - task: t
            """, line: 4, path: "workflows[0].nodes[0]", "a node needs 'id'")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a, task: t, workflow: w2}
            """, line: 4, path: "workflows[0].nodes[0]", "node 'a' needs exactly one of task:, workflow:, branch:, gate:, map: or dynamic: (found task and workflow)")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a}
            """, line: 4, path: "workflows[0].nodes[0]", "node 'a' needs exactly one of task:, workflow:, branch:, gate:, map: or dynamic: (found none)")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a, task: t}
                  - {id: a, task: t}
            """, line: 5, path: "workflows[0].nodes[1].id", "node id 'a' is used twice (first at workflows[0].nodes[0])")
        expectError("""
            workflows:
              - name: w
                nodes:
                  - {id: a, dynamic: t, task: t}
            """, line: 4, path: "workflows[0].nodes[0]", "node 'a' needs exactly one of task:, workflow:, branch:, gate:, map: or dynamic: (found task and dynamic)")
    }

    @Test func inputsAreCheckedAgainstATaskOfTheFile() {
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1, c: 2}}
            """, line: 10, path: "workflows[0].nodes[0].inputs.c", "task add has no input 'c' (its inputs: a, b)")
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: 1}}
            """, line: 10, path: "workflows[0].nodes[0]", "node 'a' does not set input 'b' (int) of task add")
        expectError(Self.task + """

            workflows:
              - name: w
                nodes:
                  - {id: a, task: add, inputs: {a: one, b: 2}}
            """, line: 10, path: "workflows[0].nodes[0].inputs.a", "expected int, found the text 'one'")
    }

    @Test func taskMistakes() {
        expectError("tasks: [{name: a}]", line: 1, path: "tasks[0]", "a task needs command: (a list of arguments) or script: (a shell script)")
        expectError("tasks: [{name: a, command: echo hi}]", line: 1, path: "tasks[0].command",
                    "command is a list of arguments, e.g. [echo, \"{{inputs.name}}\"]; for a shell line use script:")
        expectError("tasks: [{name: a, script: 'echo {{inputs.nme}}', inputs: {name: string}}]", line: 1, path: "tasks[0].script",
                    "template '{{inputs.nme}}' names no input of this task (inputs: name)")
        expectError("tasks: [{name: a, script: x, timeout: 30}]", line: 1, path: "tasks[0].timeout",
                    "timeout: '30' has no unit; write e.g. 30s or 30ms")
        expectError("tasks: [{name: 'a b', script: x}]", line: 1, path: "tasks[0].name",
                    "task name 'a b' may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit")
        expectError("tasks: [{name: a, script: x}, {name: a, script: y}]", line: 1, path: "tasks[1]", "task 'a' is defined twice in this file")
    }

    @Test func workflowMistakes() {
        expectError("""
            workflows:
              - {name: a, nodes: [{id: x, workflow: b}]}
              - {name: b, nodes: [{id: y, workflow: a}]}
            """, line: 2, path: "workflows[0]", "workflows use each other as sub-workflows: a → b → a")
        expectError("workflows: [{name: w, nodes: []}]", line: 1, path: "workflows[0].nodes", "a workflow needs at least one node")
        expectError("workflows: [{name: w, failure_policy: stop, nodes: [{id: a, task: t}]}]", line: 1, path: "workflows[0].failure_policy",
                    "unknown failure_policy 'stop' (fail_immediately or fail_after_running_nodes)")
        expectError("workflows: [{name: w, outputs: {x: $a.out}, nodes: [{id: a, task: t}]}]", line: 1, path: "workflows[0].outputs.x",
                    "cannot tell the type of output 'x'; declare it: x: {from: ..., type: ...}")
        expectError("", line: nil, path: "", "the file is empty; it should define tasks: and/or workflows:")
    }

    @Test func loadNamesTheFileAsGiven() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-wf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try "tasks: [{name: a}]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: WorkflowFileError(source: file.path, line: 1, path: "tasks[0]", message: "a task needs command: (a list of arguments) or script: (a shell script)")) {
            try WorkflowFile.load(contentsOf: file)
        }
        let missing = directory.appendingPathComponent("missing.yaml")
        #expect(throws: WorkflowFileError.self) { try WorkflowFile.load(contentsOf: missing) }
    }
}
