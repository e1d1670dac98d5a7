import Foundation
import SluiceKit
import Testing

/// Every construct of the YAML format, read into the spec it stands for.
@Suite struct WorkflowFileTests {
    func parse(_ yaml: String) throws -> WorkflowFile {
        try WorkflowFile.parse(yaml, source: "test.yaml")
    }

    func ref(_ node: String, _ output: String, _ path: [PathElement] = []) -> Binding {
        .future(SluiceWire.Future(reference: OutputReference(nodeID: node, output: output, path: path)))
    }

    @Test func aTaskWithEveryKey() throws {
        let file = try parse("""
            tasks:
              - name: fetch
                version: "1.10"
                description: Fetches a page.
                labels: {team: web}
                code_version: abc123
                inputs:
                  url: string
                  tries: {type: int, default: 3, description: How often.}
                  when: optional<datetime>
                outputs:
                  body: bytes
                  status: {type: int, description: The HTTP status.}
                command: [curl, -sS, "{{inputs.url}}"]
                env: {LANG: C, DEPTH: 2}
                working_directory: /tmp
                image: debian:12
                retries: {max: 3, backoff: 500ms, multiplier: 2, max_backoff: 1m, system: 5}
                timeout: 1m30s
                heartbeat_timeout: 20s
                pool: network
            """)
        let task = try #require(file.tasks.first)
        #expect(task.id == Identifier(name: "fetch", version: "1.10"))
        #expect(task.description == "Fetches a page.")
        #expect(task.labels == ["team": "web"])
        #expect(task.codeVersion == "abc123")
        #expect(task.interface?.inputs == [
            Variable(name: "url", type: .simple(.string)),
            Variable(name: "tries", type: .simple(.int), description: "How often.", defaultValue: .int(3)),
            Variable(name: "when", type: .union([.simple(.datetime), .simple(.none)])),
        ])
        #expect(task.interface?.outputs == [
            Variable(name: "body", type: .simple(.bytes)),
            Variable(name: "status", type: .simple(.int), description: "The HTTP status."),
        ])
        #expect(task.kind == .shell(ShellTask(
            command: ["curl", "-sS", "{{inputs.url}}"], env: ["LANG": "C", "DEPTH": "2"],
            workingDirectory: "/tmp", image: "debian:12")))
        #expect(task.retries == RetryPolicy(
            maxRetries: 3, initialBackoff: .milliseconds(500), backoffMultiplier: 2, maxBackoff: .seconds(60), maxSystemRetries: 5))
        #expect(task.timeout == .seconds(90))
        #expect(task.heartbeatTimeout == .seconds(20))
        #expect(task.pool == "network")
    }

    @Test func aScriptTaskWithRetriesAsANumber() throws {
        let file = try parse("""
            tasks:
              - name: hello
                version: "1"
                inputs: {who: string}
                outputs: {line: string}
                script: |
                  echo hello {{ inputs.who }}
                retries: 2
            """)
        let task = try #require(file.tasks.first)
        #expect(task.kind == .shell(ShellTask(script: "echo hello {{ inputs.who }}\n")))
        #expect(task.retries == RetryPolicy(maxRetries: 2))
    }

    @Test func cacheSettingsAsTrueOrAMapping() throws {
        let file = try parse("""
            tasks:
              - {name: plain, outputs: {x: int}, script: echo 1, cache: true}
              - name: detailed
                inputs: {x: int, label: string}
                outputs: {y: int}
                script: echo 1
                cache: {version: "7", serialize: true, ignored_inputs: [label]}
              - {name: off, outputs: {x: int}, script: echo 1, cache: false}
            """)
        #expect(file.tasks[0].cache == CacheSettings(enabled: true, version: "1"))
        #expect(file.tasks[1].cache == CacheSettings(enabled: true, version: "7", serialize: true, ignoredInputs: ["label"]))
        #expect(file.tasks[2].cache == nil)
    }

    @Test func aMissingVersionComesFromTheContent() throws {
        let first = try parse("tasks: [{name: t, outputs: {x: int}, script: echo 1}]")
        let same = try parse("tasks:\n  - name: t\n    outputs:\n      x: int\n    script: echo 1\n")
        let edited = try parse("tasks: [{name: t, outputs: {x: int}, script: echo 2}]")
        let version = try #require(first.tasks.first?.id?.version)
        #expect(version.count == 12)
        #expect(same.tasks.first?.id?.version == version, "the same content, however written, is the same version")
        #expect(edited.tasks.first?.id?.version != version)
    }

    @Test func typesAsText() throws {
        let cases: [(String, LiteralType)] = [
            ("int", .simple(.int)), ("float", .simple(.float)), ("string", .simple(.string)), ("bool", .simple(.bool)),
            ("bytes", .simple(.bytes)), ("datetime", .simple(.datetime)), ("duration", .simple(.duration)),
            ("none", .simple(.none)), ("struct", .simple(.struct)), ("blob", .blob(BlobType())),
            ("blob(csv)", .blob(BlobType(format: "csv"))),
            ("list<int>", .collection(.simple(.int))), ("collection<string>", .collection(.simple(.string))),
            ("map<list<float>>", .map(.collection(.simple(.float)))),
            ("optional<string>", .union([.simple(.string), .simple(.none)])),
            ("int | string", .union([.simple(.int), .simple(.string)])),
            ("int | (string | none) | int", .union([.simple(.int), .simple(.string), .simple(.none)])),
            ("list< map<int> | none >", .collection(.union([.map(.simple(.int)), .simple(.none)]))),
        ]
        for (text, expected) in cases {
            #expect(try TypeText.parse(text) == expected, "\(text)")
        }
        #expect(TypeText.format(.union([.simple(.string), .simple(.none)])) == "optional<string>")
        #expect(TypeText.format(.map(.collection(.simple(.int)))) == "map<list<int>>")
    }

    @Test func typeErrorsPointAtTheToken() {
        #expect(throws: TypeText.ParseError(message: "unknown type 'lst' (known: bool, bytes, datetime, duration, float, int, none, string, struct, blob, list<T>, collection<T>, map<T>, optional<T>)", column: 1)) {
            try TypeText.parse("lst<int>")
        }
        #expect(throws: TypeText.ParseError(message: "expected '>' but the type ends", column: 9)) {
            try TypeText.parse("list<int")
        }
        #expect(throws: TypeText.ParseError(message: "unexpected 'string' after the type", column: 5)) {
            try TypeText.parse("int string")
        }
    }

    @Test func literalsAreReadAsTheCalleeDeclares() throws {
        let file = try parse("""
            tasks:
              - name: t
                version: "1"
                inputs:
                  ratio: float
                  label: string
                  wait: duration
                  at: datetime
                  tags: list<string>
                  scores: map<float>
                  maybe: optional<int>
                  either: int | string
                  raw: bytes
                  data: struct
                outputs: {ok: bool}
                script: "true"
            workflows:
              - name: w
                version: "1"
                nodes:
                  - id: a
                    task: t
                    inputs:
                      ratio: 3
                      label: 1.10
                      wait: 90s
                      at: 2026-01-31T09:00:00Z
                      tags: [x, 2, true]
                      scores: {a: 1, b: 2.5}
                      maybe: null
                      either: seven
                      raw: aGk=
                      data: {k: [1, "two"], n: ~}
            """)
        let inputs = try #require(file.workflows.first?.nodes.first?.inputs)
        #expect(inputs["ratio"] == .literal(.float(3)))
        #expect(inputs["label"] == .literal(.string("1.10")), "text keeps its spelling")
        #expect(inputs["wait"] == .literal(.duration(.seconds(90))))
        #expect(inputs["at"] == .literal(.datetime(Timestamp(seconds: 1_769_850_000))))
        #expect(inputs["tags"] == .literal(.collection([.string("x"), .string("2"), .string("true")])))
        #expect(inputs["scores"] == .literal(.map(["a": .float(1), "b": .float(2.5)])))
        #expect(inputs["maybe"] == .literal(.none))
        #expect(inputs["either"] == .literal(.string("seven")))
        #expect(inputs["raw"] == .literal(.bytes(Array("hi".utf8))))
        #expect(inputs["data"] == .literal(.map(["k": .collection([.int(1), .string("two")]), "n": .none])))
    }

    @Test func literalsForAnUnknownCalleeKeepYAMLsOwnTypes() throws {
        let file = try parse("""
            workflows:
              - name: w
                version: "1"
                nodes:
                  - id: a
                    task: registered-elsewhere
                    inputs:
                      n: 017
                      f: 2.5
                      yes_is_text: yes
                      flag: true
                      nothing: ~
                      quoted: "42"
                      list: [1, a]
                      dollar: $$5
                      later: cost $5
            """)
        let node = try #require(file.workflows.first?.nodes.first)
        #expect(node.kind == .task(TaskNode(task: Identifier(name: "registered-elsewhere"))), "the latest registered version")
        #expect(node.inputs["n"] == .literal(.int(17)))
        #expect(node.inputs["f"] == .literal(.float(2.5)))
        #expect(node.inputs["yes_is_text"] == .literal(.string("yes")))
        #expect(node.inputs["flag"] == .literal(.bool(true)))
        #expect(node.inputs["nothing"] == .literal(.none))
        #expect(node.inputs["quoted"] == .literal(.string("42")))
        #expect(node.inputs["list"] == .literal(.collection([.int(1), .string("a")])))
        #expect(node.inputs["dollar"] == .literal(.string("$5")))
        #expect(node.inputs["later"] == .literal(.string("cost $5")))
    }

    @Test func referencesWithPathsAndInsideListsAndMaps() throws {
        let file = try parse("""
            workflows:
              - name: w
                version: "1"
                inputs: {n: int, rows: list<struct>}
                outputs:
                  first: {from: '$load.rows[0]', type: struct, description: The first row.}
                  n: $inputs.n
                nodes:
                  - id: load
                    task: loader
                    inputs: {count: $inputs.n}
                  - id: pick
                    task: picker
                    inputs:
                      name: $load.rows[2].name
                      odd: '$load.table["a b"][0]'
                      all: [$load.rows, $inputs.rows, 3]
                      named: {x: $load.x, y: 1}
                    upstream: [load]
            """)
        let workflow = try #require(file.workflows.first)
        let pick = try #require(workflow.nodes.last)
        #expect(pick.inputs["name"] == ref("load", "rows", [.index(2), .key("name")]))
        #expect(pick.inputs["odd"] == ref("load", "table", [.key("a b"), .index(0)]))
        #expect(pick.inputs["all"] == .collection([ref("load", "rows"), ref("", "rows"), .literal(.int(3))]))
        #expect(pick.inputs["named"] == .map(["x": ref("load", "x"), "y": .literal(.int(1))]))
        #expect(pick.upstream == ["load"])
        #expect(workflow.outputs["first"] == ref("load", "rows", [.index(0)]))
        #expect(workflow.outputs["n"] == ref("", "n"))
        #expect(workflow.interface?.outputs == [
            Variable(name: "first", type: .simple(.struct), description: "The first row."),
            Variable(name: "n", type: .simple(.int)),
        ], "an output's type is declared, or the referenced input's")
    }

    @Test func workflowOutputTypesComeFromTheFilesTasks() throws {
        let file = try parse("""
            tasks:
              - {name: t, version: "1", outputs: {rows: list<map<int>>}, script: x}
            workflows:
              - name: w
                version: "1"
                outputs: {cell: '$a.rows[1].k'}
                nodes: [{id: a, task: t}]
            """)
        #expect(file.workflows.first?.interface?.outputs == [Variable(name: "cell", type: .simple(.int))])
        #expect(file.workflows.first?.nodes.first?.kind == .task(TaskNode(task: Identifier(name: "t", version: "1"))))
    }

    @Test("an output listing or mapping references of one known type has that type inferred")
    func listAndMapOutputTypesAreInferred() throws {
        let file = try parse("""
            tasks:
              - {name: t, version: "1", outputs: {s: string, n: int}, script: x}
            workflows:
              - name: w
                version: "1"
                outputs: {both: ['$a.s', '$b.s', fixed], named: {from: {first: '$a.n', second: '$b.n'}}}
                nodes: [{id: a, task: t}, {id: b, task: t}]
            """)
        #expect(file.workflows.first?.interface?.outputs == [
            Variable(name: "both", type: .collection(.simple(.string))),
            Variable(name: "named", type: .map(.simple(.int))),
        ])
        // Elements of different types still need the output's type declared.
        #expect(throws: WorkflowFileError.self) {
            try parse("""
                tasks:
                  - {name: t, version: "1", outputs: {s: string, n: int}, script: x}
                workflows:
                  - {name: w, version: "1", outputs: {mixed: ['$a.s', '$a.n']}, nodes: [{id: a, task: t}]}
                """)
        }
    }

    @Test func nodeSettingsAndFailurePolicy() throws {
        let file = try parse("""
            workflows:
              - name: w
                version: "2"
                description: Settings.
                labels: {owner: ops}
                failure_policy: fail_after_running_nodes
                nodes:
                  - id: a
                    name: First step
                    task: t:3
                    retries: 4
                    timeout: 2h
                    pool: gpu
                  - id: b
                    workflow: other:1
                    upstream: a
            """)
        let workflow = try #require(file.workflows.first)
        #expect(workflow.id == Identifier(name: "w", version: "2"))
        #expect(workflow.description == "Settings.")
        #expect(workflow.labels == ["owner": "ops"])
        #expect(workflow.failurePolicy == .failAfterRunningNodes)
        #expect(workflow.nodes[0].metadata == NodeMetadata(name: "First step", timeout: .seconds(7200), retries: RetryPolicy(maxRetries: 4), pool: "gpu"))
        #expect(workflow.nodes[0].kind == .task(TaskNode(task: Identifier(name: "t", version: "3"))))
        #expect(workflow.nodes[1].kind == .workflow(SubWorkflowNode(workflow: Identifier(name: "other", version: "1"))))
        #expect(workflow.nodes[1].upstream == ["a"])
        #expect(workflow.nodes[1].metadata == nil)
    }

    @Test func aBranchWithCasesAndAnElseNode() throws {
        let file = try parse("""
            tasks:
              - {name: say, version: "1", inputs: {text: string}, outputs: {line: string}, script: x}
            workflows:
              - name: w
                version: "1"
                inputs: {score: float, name: string}
                outputs: {line: $grade.line}
                nodes:
                  - id: grade
                    inputs: {score: $inputs.score, name: $inputs.name}
                    branch:
                      cases:
                        - when: score >= 90 and name != 'anon'
                          then: {id: top, task: say, inputs: {text: great}}
                        - when: not (score < 50)
                          then: {id: pass, task: say, inputs: {text: $inputs.name}}
                      else: {id: fail, task: say, inputs: {text: sorry}}
            """)
        let grade = try #require(file.workflows.first?.nodes.first)
        #expect(grade.inputs == ["score": ref("", "score"), "name": ref("", "name")])
        guard case .branch(let branch)? = grade.kind else { Issue.record("not a branch"); return }
        #expect(branch.cases.count == 2)
        #expect(branch.cases[0].condition == .conjunction(Conjunction(op: .and, operands: [
            .comparison(Comparison(op: .ge, left: .input("score"), right: .literal(.float(90)))),
            .comparison(Comparison(op: .ne, left: .input("name"), right: .literal(.string("anon")))),
        ])), "90 compared with a float input is a float")
        #expect(branch.cases[1].condition == .negation(.comparison(Comparison(op: .lt, left: .input("score"), right: .literal(.float(50))))))
        #expect(branch.cases[0].thenNode == Node(
            id: "top", inputs: ["text": .literal(.string("great"))], kind: .task(TaskNode(task: Identifier(name: "say", version: "1")))))
        #expect(branch.cases[1].thenNode?.inputs["text"] == ref("", "name"))
        #expect(branch.elseNode?.id == "fail")
        #expect(file.workflows.first?.interface?.outputs == [Variable(name: "line", type: .simple(.string))],
                "every case gives line, as a string")
    }

    @Test func aBranchWithAnElseError() throws {
        let file = try parse("""
            workflows:
              - name: w
                version: "1"
                inputs: {ok: bool}
                nodes:
                  - id: gate
                    inputs: {ok: $inputs.ok}
                    branch:
                      cases: [{when: ok, then: {id: go, task: t}}]
                      else_error: not ok
            """)
        guard case .branch(let branch)? = file.workflows.first?.nodes.first?.kind else { Issue.record("not a branch"); return }
        #expect(branch.cases[0].condition == .comparison(Comparison(op: .eq, left: .input("ok"), right: .literal(.bool(true)))))
        #expect(branch.elseError == "not ok")
        #expect(branch.elseNode == nil)
    }

    @Test func combiningFilesOrdersSubWorkflowsAcrossThem() throws {
        let user = try WorkflowFile.parse("""
            workflows: [{name: user, version: "1", nodes: [{id: s, workflow: shared}]}]
            """, source: "user.yaml")
        let shared = try WorkflowFile.parse("""
            tasks: [{name: t, version: "1", script: x}]
            workflows: [{name: shared, version: "1", nodes: [{id: a, task: t}]}]
            """, source: "shared.yaml")
        let combined = WorkflowFile.combining([user, shared])
        #expect(combined.tasks.map { $0.id?.name } == ["t"])
        #expect(combined.workflows.map { $0.id?.name } == ["shared", "user"])
    }
}
