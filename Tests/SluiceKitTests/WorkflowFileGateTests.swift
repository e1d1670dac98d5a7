import Foundation
import SluiceKit
import Testing

/// `gate:` nodes in workflow files: signal, approve and sleep gates, what downstream nodes read
/// from them, and the mistakes people make writing them.
@Suite struct WorkflowFileGateTests {
    static let tasks = """
        tasks:
          - name: build
            version: "1"
            outputs: {artifact: string, size: int}
            script: echo
          - name: ship
            version: "1"
            inputs: {artifact: string, copies: int}
            outputs: {url: string}
            script: echo

        """

    /// The file's tasks and a workflow "w" of these nodes and outputs.
    func yaml(_ nodes: String, outputs: String = "") -> String {
        Self.tasks + "workflows:\n  - name: w\n" + (outputs.isEmpty ? "" : "    outputs:\n" + outputs + "\n") + "    nodes:\n" + nodes
    }

    func workflow(_ nodes: String, outputs: String = "") throws -> WorkflowSpec {
        try #require(try WorkflowFile.parse(yaml(nodes, outputs: outputs), source: "gates.yaml").workflows.first)
    }

    func ref(_ node: String, _ output: String) -> Binding {
        .future(SluiceWire.Future(reference: OutputReference(nodeID: node, output: output)))
    }

    func expectError(_ nodes: String, path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = WorkflowFileErrorTests.error(parsing: yaml(nodes), source: "gates.yaml")
        #expect(found?.path == path, sourceLocation: sourceLocation)
        #expect(found?.message == message, "\(found.map(\.description) ?? "no error")", sourceLocation: sourceLocation)
    }

    @Test func aSignalGateDeclaresItsTypeAndDownstreamNodesReadItsValue() throws {
        let spec = try workflow("""
                  - id: copies
                    name: Copies
                    gate: {signal: copies, type: int, description: How many?, timeout: 1h}
                  - id: b
                    task: build
                  - id: s
                    task: ship
                    inputs: {artifact: $b.artifact, copies: $copies.value}
            """, outputs: "      copies: $copies.value")
        let gate = try #require(spec.nodes.first)
        #expect(gate.kind == .gate(GateNode(
            condition: .signal(SignalGate(signalID: "copies", type: .simple(.int), description: "How many?")), timeout: .seconds(3600))))
        #expect(gate.inputs.isEmpty)
        #expect(gate.metadata?.name == "Copies")
        #expect(spec.nodes[2].inputs["copies"] == ref("copies", "value"))
        #expect(spec.interface?.outputs == [Variable(name: "copies", type: .simple(.int))], "the output's type is the signal's")
    }

    @Test func anApproveGatePassesItsInputOnUnderValue() throws {
        let spec = try workflow("""
                  - id: b
                    task: build
                  - id: ok
                    gate: {approve: release, input: $b.artifact, description: Ship it?, timeout: 2d}
                  - id: s
                    task: ship
                    inputs: {artifact: $ok.value, copies: 1}
            """, outputs: "      shipped: $ok.value")
        let gate = spec.nodes[1]
        #expect(gate.kind == .gate(GateNode(
            condition: .approve(ApproveGate(signalID: "release", description: "Ship it?")), timeout: .seconds(172_800))))
        #expect(gate.inputs == ["value": ref("b", "artifact")])
        #expect(spec.interface?.outputs == [Variable(name: "shipped", type: .simple(.string))], "an approval passes its input's type on")
    }

    @Test func inputNameBindsTheApprovedValueUnderAnotherName() throws {
        let spec = try workflow("""
                  - id: b
                    task: build
                  - id: ok
                    gate: {approve: release, input: $b.size, input_name: size}
                  - id: again
                    gate: {approve: twice, input: $ok.value, input_name: value}
            """, outputs: "      size: $again.value")
        #expect(spec.nodes[1].kind == .gate(GateNode(condition: .approve(ApproveGate(signalID: "release", input: "size")))))
        #expect(spec.nodes[1].inputs == ["size": ref("b", "size")])
        #expect(spec.nodes[2].kind == .gate(GateNode(condition: .approve(ApproveGate(signalID: "twice")))), "value is the default, left empty")
        #expect(spec.interface?.outputs == [Variable(name: "size", type: .simple(.int))], "types follow chains of approvals")
    }

    @Test func aSleepGateIsWaitedForWithUpstream() throws {
        let spec = try workflow("""
                  - id: b
                    task: build
                  - id: pause
                    gate: {sleep: 1m30s}
                    upstream: b
                  - id: s
                    task: ship
                    inputs: {artifact: $b.artifact, copies: 1}
                    upstream: [pause]
            """)
        #expect(spec.nodes[1].kind == .gate(GateNode(condition: .sleep(SleepGate(duration: .seconds(90))))))
        #expect(spec.nodes[1].upstream == ["b"])
        #expect(spec.nodes[2].upstream == ["pause"])
    }

    @Test func aGateCanBeABranchCase() throws {
        let spec = try workflow("""
                  - id: b
                    task: build
                  - id: check
                    inputs: {size: $b.size}
                    branch:
                      cases:
                        - when: size > 100
                          then: {id: big, gate: {approve: big-build, input: $b.artifact}}
                      else: {id: small, gate: {signal: name, type: string}}
                  - id: s
                    task: ship
                    inputs: {artifact: $check.value, copies: 1}
            """)
        guard case .branch(let branch)? = spec.nodes[1].kind else {
            Issue.record("check is not a branch")
            return
        }
        #expect(branch.cases.first?.thenNode?.kind == .gate(GateNode(condition: .approve(ApproveGate(signalID: "big-build")))))
        #expect(branch.elseNode?.kind == .gate(GateNode(condition: .signal(SignalGate(signalID: "name", type: .simple(.string))))))
        #expect(spec.nodes[2].inputs["artifact"] == ref("check", "value"))
    }

    @Test func gateMistakesAreNamed() {
        expectError("      - {id: g, gate: {signal: x}}\n", path: "workflows[0].nodes[0].gate", "a signal gate needs 'type'")
        expectError("      - {id: g, gate: {signal: x, type: integer}}\n", path: "workflows[0].nodes[0].gate.type",
                    "bad type 'integer': unknown type 'integer' (known: bool, bytes, datetime, duration, float, int, none, string, struct, blob, list<T>, collection<T>, map<T>, optional<T>) at column 1")
        expectError("      - {id: g, gate: {approve: x}}\n", path: "workflows[0].nodes[0].gate", "an approve gate needs 'input'")
        expectError("      - {id: g, gate: {sleep: 30}}\n", path: "workflows[0].nodes[0].gate.sleep", "sleep: '30' has no unit; write e.g. 30s or 30ms")
        expectError("      - {id: g, gate: {sleep: 0s}}\n", path: "workflows[0].nodes[0].gate.sleep", "sleep must be longer than zero")
        expectError("      - {id: g, gate: {signal: '', type: int}}\n", path: "workflows[0].nodes[0].gate.signal", "the signal id must not be empty")
        expectError("      - {id: g, gate: {signal: two words, type: int}}\n", path: "workflows[0].nodes[0].gate.signal",
                    "signal id 'two words' may hold only letters, digits, '_', '.' and '-'")
        expectError("      - {id: g, gate: {description: x}}\n", path: "workflows[0].nodes[0].gate",
                    "a gate needs exactly one of signal: (a value), approve: (an approval) or sleep: (a duration) (found none)")
        expectError("      - {id: g, gate: {signal: x, sleep: 1s}}\n", path: "workflows[0].nodes[0].gate",
                    "a gate needs exactly one of signal: (a value), approve: (an approval) or sleep: (a duration) (found signal and sleep)")
        expectError("      - {id: g, gate: {signal: x, type: int, input: 3}}\n", path: "workflows[0].nodes[0].gate",
                    "unknown key 'input' in a signal gate (allowed: signal, type, description, timeout)")
        expectError("      - {id: g, gate: {sleep: 1s, timeout: 1h}}\n", path: "workflows[0].nodes[0].gate",
                    "unknown key 'timeout' in a sleep gate (allowed: sleep)")
        expectError("      - {id: g, gate: go}\n", path: "workflows[0].nodes[0].gate", "a gate must be a mapping, found the text 'go'")
        expectError("      - {id: g, gate: {approve: x, input: $nowhere.out}}\n", path: "workflows[0].nodes[0].gate.input",
                    "unknown reference 'nowhere.out': no node 'nowhere' (nodes: g)")
        expectError("      - {id: g, gate: {approve: x, input: $b.size, input_name: 2x}}\n", path: "workflows[0].nodes[0].gate.input_name",
                    "input name '2x' must be an identifier (letters, digits and '_', not starting with a digit)")
    }

    @Test func settingsThatDoNotApplyToGatesAreRefused() {
        expectError("      - {id: g, gate: {signal: x, type: int}, inputs: {a: 1}}\n", path: "workflows[0].nodes[0].inputs",
                    "a gate takes no inputs:; an approve gate passes on its gate: {approve: ID, input: $node.output}")
        expectError("      - {id: g, gate: {signal: x, type: int}, timeout: 1h}\n", path: "workflows[0].nodes[0].timeout",
                    "a gate's timeout goes inside gate:, e.g. gate: {signal: ID, type: int, timeout: 1h}")
        expectError("      - {id: g, gate: {sleep: 1s}, retries: 2}\n", path: "workflows[0].nodes[0].retries",
                    "a gate runs no task: 'retries' does not apply to it")
    }

    @Test func referencesToGateOutputsAreChecked() {
        expectError("""
                  - {id: g, gate: {signal: x, type: int}}
                  - {id: s, task: ship, inputs: {artifact: a, copies: $g.count}}
            """, path: "workflows[0].nodes[1].inputs.copies", "unknown reference 'g.count': node 'g' has no output 'count' (outputs: value)")
        expectError("""
                  - {id: g, gate: {sleep: 1s}}
                  - {id: s, task: ship, inputs: {artifact: a, copies: $g.value}}
            """, path: "workflows[0].nodes[1].inputs.copies", "unknown reference 'g.value': node 'g' has no output 'value' (outputs: none)")
    }

    @Test func approveGatesThatWaitForEachOtherDoNotLoopTheReader() throws {
        // A cycle the compiler refuses at registration; reading it must still end.
        let spec = try workflow("""
                  - {id: a, gate: {approve: a, input: $b.value}}
                  - {id: b, gate: {approve: b, input: $a.value}}
            """, outputs: "      x: {from: $a.value, type: int}")
        #expect(spec.nodes.count == 2)
    }

    @Test func anApproveGateNamesWhoMayDecideIt() throws {
        let spec = try workflow("""
                  - id: b
                    task: build
                  - id: ok
                    gate: {approve: release, input: $b.artifact, approvers: [alice, "group:release"]}
            """)
        guard case .gate(let gate)? = spec.nodes[1].kind, case .approve(let approve)? = gate.condition else {
            Issue.record("not an approve gate")
            return
        }
        #expect(approve.approvers == ["alice", "group:release"])
        let one = try workflow("      - {id: b, task: build}\n      - {id: ok, gate: {approve: r, input: $b.artifact, approvers: alice}}\n")
        guard case .gate(let single)? = one.nodes[1].kind, case .approve(let alone)? = single.condition else { return }
        #expect(alone.approvers == ["alice"], "one approver may be written alone")

        expectError("      - {id: b, task: build}\n      - {id: ok, gate: {approve: r, input: $b.artifact, approvers: [al ice]}}\n",
                    path: "workflows[0].nodes[1].gate.approvers",
                    "approver 'al ice' may hold only letters, digits, '-', '_', '.' and '@'")
        expectError("      - {id: b, task: build}\n      - {id: ok, gate: {approve: r, input: $b.artifact, approvers: [\"group:\"]}}\n",
                    path: "workflows[0].nodes[1].gate.approvers", "group 'group:' is empty")
    }
}

