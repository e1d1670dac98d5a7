import PropertyBased
import Testing
@testable import SluiceWire

/// Swift's bytes against protoc's, both ways: what Swift writes, protoc reads as the same
/// fields; what protoc writes, Swift reads as the same value; and Swift's bytes are the ones
/// `protoc --encode --deterministic_output` gives for the same value.
@Suite struct ProtocInteropTests {
    /// (a) Swift's bytes, decoded by protoc, are exactly `text`; (b) `text`, encoded by protoc,
    /// decodes in Swift to `value`, and Swift encodes `value` to protoc's canonical bytes.
    func checkBothWays<M: WireMessage>(_ value: M, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let swiftBytes = try value.serializedBytes()
        let decodedText = try await Protoc.decode(swiftBytes, as: M.protoName)
        #expect(Protoc.flattened(decodedText) == Protoc.flattened(text), sourceLocation: sourceLocation)

        let protocBytes = try await Protoc.encode(text, as: M.protoName)
        #expect(try M(serializedBytes: protocBytes, limits: .default) == value, sourceLocation: sourceLocation)
        #expect(swiftBytes == protocBytes, "Swift's bytes differ from protoc's canonical bytes", sourceLocation: sourceLocation)
    }

    @Test func protocAndTheProtoFilesAreThere() {
        #expect(Protoc.isAvailable, "protoc is not installed (apt-get install protobuf-compiler)")
        #expect(Protoc.protoFiles.count >= 10, "proto files not found under \(Protoc.root.path)")
    }

    @Test func literalWithMapAndCollection() async throws {
        let value = Literal.map([
            "count": .int(.min),
            "items": .collection([.string("x"), .none, .float(1.5), .duration(.seconds(-1) - .milliseconds(500))]),
            "when": .datetime(Timestamp(seconds: 1_700_000_000, nanos: 123)),
            "raw": .bytes([0, 255]),
            "é": .bool(true),
            "blob": .blob(BlobRef(uri: "s3://b/k", contentHash: "sha256:00", size: .max, format: "csv", dimensionality: .multipart)),
            "err": .error(LiteralError(message: "boom", kind: .system, nodeID: "n1", code: "Timeout")),
        ])
        try await checkBothWays(value, #"""
            map {
              literals { key: "blob" value { blob { uri: "s3://b/k" content_hash: "sha256:00" size: 18446744073709551615 format: "csv" dimensionality: BLOB_DIMENSIONALITY_MULTIPART } } }
              literals { key: "count" value { int_value: -9223372036854775808 } }
              literals { key: "err" value { error { message: "boom" kind: ERROR_KIND_SYSTEM node_id: "n1" code: "Timeout" } } }
              literals { key: "items" value { collection {
                literals { string_value: "x" } literals { none { } } literals { float_value: 1.5 }
                literals { duration { seconds: -1 nanos: -500000000 } } } } }
              literals { key: "raw" value { bytes_value: "\000\377" } }
              literals { key: "when" value { datetime { seconds: 1700000000 nanos: 123 } } }
              literals { key: "\303\251" value { bool_value: true } }
            }
            """#)
    }

    @Test func taskSpec() async throws {
        let value = TaskSpec(
            id: Identifier(name: "etl", version: "v1"),
            interface: TypedInterface(
                inputs: [Variable(name: "x", type: .collection(.simple(.int)), description: "numbers", defaultValue: .collection([.int(1)]))],
                outputs: [Variable(name: "y", type: .union([.simple(.string), .simple(.none)]))]),
            kind: .shell(ShellTask(command: ["echo", "{{inputs.x}}"], env: ["B": "2", "A": "1"], workingDirectory: "/tmp")),
            cache: CacheSettings(enabled: true, version: "1", ignoredInputs: ["seed"]),
            retries: RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(1500), backoffMultiplier: 2, maxSystemRetries: 1),
            timeout: .seconds(3600), pool: "gpu", labels: ["team": "data"], heartbeatTimeout: .seconds(30))
        try await checkBothWays(value, #"""
            id { name: "etl" version: "v1" }
            interface {
              inputs { name: "x" type { collection { simple: SIMPLE_TYPE_INT } } description: "numbers"
                default_value { collection { literals { int_value: 1 } } } }
              outputs { name: "y" type { union_type { variants { simple: SIMPLE_TYPE_STRING } variants { simple: SIMPLE_TYPE_NONE } } } }
            }
            shell { command: "echo" command: "{{inputs.x}}" env { key: "A" value: "1" } env { key: "B" value: "2" } working_directory: "/tmp" }
            cache { enabled: true version: "1" ignored_inputs: "seed" }
            retries { max_retries: 3 initial_backoff { seconds: 1 nanos: 500000000 } backoff_multiplier: 2 max_system_retries: 1 }
            timeout { seconds: 3600 }
            pool: "gpu"
            labels { key: "team" value: "data" }
            heartbeat_timeout { seconds: 30 }
            """#)
    }

    @Test func workflowSpecWithBranch() async throws {
        let condition = BooleanExpression.conjunction(Conjunction(op: .and, operands: [
            .comparison(Comparison(op: .gt, left: .input("n"), right: .literal(.int(10)))),
            .negation(.comparison(Comparison(op: .eq, left: .input("n"), right: .literal(.int(99))))),
        ]))
        let bigNode = Node(id: "big", kind: .map(MapNode(task: Identifier(name: "chunk"), mappedInputs: ["xs"], concurrency: 4, successCriteria: .minSuccessRatio(0.5))))
        let smallNode = Node(id: "small", kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ok", description: "Approve?")), timeout: .seconds(3600))))
        let value = WorkflowSpec(
            id: Identifier(name: "wf", version: "1"),
            nodes: [
                Node(id: "fetch", inputs: ["url": .literal(.string("https://x"))], kind: .task(TaskNode(task: Identifier(name: "fetch")))),
                Node(
                    id: "route", metadata: NodeMetadata(name: "Route", timeout: .seconds(60)),
                    inputs: ["n": .future(Future(reference: OutputReference(nodeID: "fetch", output: "rows", path: [.key("count"), .index(3)]), type: .simple(.int)))],
                    upstream: ["fetch"],
                    kind: .branch(BranchNode(cases: [BranchCase(condition: condition, thenNode: bigNode)], elseNode: smallNode))),
                Node(id: "wait", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "s", type: .simple(.bool)))))),
                Node(id: "sub", kind: .workflow(SubWorkflowNode(workflow: Identifier(name: "child")))),
                Node(id: "dyn", kind: .dynamic(DynamicNode(task: Identifier(name: "gen")))),
                Node(id: "many", kind: .map(MapNode(task: Identifier(name: "t"), successCriteria: .minSuccesses(2)))),
            ],
            outputs: ["result": .collection([.future(Future(reference: OutputReference(nodeID: "route", output: "o"))), .map(["k": .literal(.none)])])],
            failurePolicy: .failAfterRunningNodes)
        try await checkBothWays(value, #"""
            id { name: "wf" version: "1" }
            nodes { id: "fetch" inputs { key: "url" value { literal { string_value: "https://x" } } } task { task { name: "fetch" } } }
            nodes { id: "route" metadata { name: "Route" timeout { seconds: 60 } }
              inputs { key: "n" value { future { reference { node_id: "fetch" output: "rows" path { key: "count" } path { index: 3 } }
                type { simple: SIMPLE_TYPE_INT } } } }
              upstream: "fetch"
              branch {
                cases {
                  condition { conjunction { op: LOGICAL_OPERATOR_AND
                    operands { comparison { op: COMPARISON_OPERATOR_GT left { input: "n" } right { literal { int_value: 10 } } } }
                    operands { negation { comparison { op: COMPARISON_OPERATOR_EQ left { input: "n" } right { literal { int_value: 99 } } } } } } }
                  then_node { id: "big" map { task { name: "chunk" } mapped_inputs: "xs" concurrency: 4 min_success_ratio: 0.5 } }
                }
                else_node { id: "small" gate { approve { signal_id: "ok" description: "Approve?" } timeout { seconds: 3600 } } }
              }
            }
            nodes { id: "wait" gate { signal { signal_id: "s" type { simple: SIMPLE_TYPE_BOOL } } } }
            nodes { id: "sub" workflow { workflow { name: "child" } } }
            nodes { id: "dyn" dynamic { task { name: "gen" } } }
            nodes { id: "many" map { task { name: "t" } min_successes: 2 } }
            outputs { key: "result" value { collection {
              bindings { future { reference { node_id: "route" output: "o" } } }
              bindings { map { bindings { key: "k" value { literal { none { } } } } } } } } }
            failure_policy: FAILURE_POLICY_FAIL_AFTER_RUNNING_NODES
            """#)
    }

    @Test func setSignalRequest() async throws {
        let value = AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "r1"),
            call: .setSignal(SetSignalRequest(executionID: "e1", signalID: "approve", value: .bool(true), displayName: "alice", comment: "LGTM ✓")))
        try await checkBothWays(value, #"""
            header { protocol_version: 1 request_id: "r1" }
            set_signal { execution_id: "e1" signal_id: "approve" value { bool_value: true } display_name: "alice" comment: "LGTM \342\234\223" }
            """#)
    }

    /// A packed repeated enum, written by both sides the same way.
    @Test func listExecutionsRequestWithPhases() async throws {
        let value = AdminRequest(call: .listExecutions(ListExecutionsRequest(
            workflow: "wf", phases: [.running, .failed, .queued], labels: ["b": "2", "a": "1"], limit: 10)))
        try await checkBothWays(value, #"""
            list_executions { workflow: "wf" phases: EXECUTION_PHASE_RUNNING phases: EXECUTION_PHASE_FAILED phases: EXECUTION_PHASE_QUEUED
              labels { key: "a" value: "1" } labels { key: "b" value: "2" } limit: 10 }
            """#)
    }

    @Test func nodeEvent() async throws {
        let value = Event(executionID: "e1", sequence: 42, at: Timestamp(seconds: 1_700_000_000), kind: .node(NodeEvent(
            nodeID: "n1", kind: .gate, phase: .paused,
            gate: GateStatus(kind: .signal, signalID: "s", type: .simple(.bool), waitingSince: Timestamp(seconds: 5)))))
        try await checkBothWays(value, #"""
            execution_id: "e1" sequence: 42 at { seconds: 1700000000 }
            node { node_id: "n1" kind: NODE_KIND_GATE phase: NODE_PHASE_PAUSED
              gate { kind: GATE_KIND_SIGNAL signal_id: "s" type { simple: SIMPLE_TYPE_BOOL } waiting_since { seconds: 5 } } }
            """#)
    }

    /// protoc writes a map entry's key and value even when empty; so must Swift, or the same
    /// value hashes differently depending on who encoded it.
    @Test func mapEntriesWithEmptyKeysAndValues() async throws {
        try await checkBothWays(TaskSpec(labels: ["": "x", "a": "", "b": "1"]), #"""
            labels { key: "" value: "x" } labels { key: "a" value: "" } labels { key: "b" value: "1" }
            """#)
        try await checkBothWays(Literal.map(["": .int(0), "z": .map(["": .string("")])]), #"""
            map { literals { key: "" value { int_value: 0 } }
                  literals { key: "z" value { map { literals { key: "" value { string_value: "" } } } } } }
            """#)
        try await checkBothWays(
            ExecutionSpec(inputs: ["": .collection([])], labels: ["": ""]),
            #"inputs { key: "" value { collection { } } } labels { key: "" value: "" }"#)
        try await checkBothWays(Node(id: "n", inputs: ["": .map(["": .literal(.none)])]), #"""
            id: "n" inputs { key: "" value { map { bindings { key: "" value { literal { none { } } } } } } }
            """#)
    }

    // MARK: (c) Random values through protoc and back

    /// Swift's bytes → protoc's text → protoc's canonical bytes must be Swift's bytes, and protoc
    /// must know every field Swift wrote.
    func throughProtoc<M: WireMessage>(_ value: M, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let swiftBytes = try value.serializedBytes()
        let text = try await Protoc.decode(swiftBytes, as: M.protoName)
        let unknown = text.split(separator: "\n").filter { $0.drop { $0 == " " }.first?.isNumber == true }
        #expect(unknown.isEmpty, "protoc saw unknown fields: \(unknown)", sourceLocation: sourceLocation)
        let protocBytes = try await Protoc.encode(text, as: M.protoName)
        #expect(protocBytes == swiftBytes, sourceLocation: sourceLocation)
    }

    @Test func randomLiterals() async {
        await cooperativePropertyCheck(count: 12, input: LiteralGen.literal) { try await throughProtoc($0) }
    }

    @Test func randomTaskSpecs() async {
        await cooperativePropertyCheck(count: 8, input: SpecGen.taskSpec) { try await throughProtoc($0) }
    }

    @Test func randomWorkflowSpecs() async {
        await cooperativePropertyCheck(count: 8, input: SpecGen.workflowSpec) { try await throughProtoc($0) }
    }

    @Test func randomExecutionSpecs() async {
        await cooperativePropertyCheck(count: 6, input: ExecutionGen.executionSpec) { try await throughProtoc($0) }
    }

    @Test func randomEvents() async {
        await cooperativePropertyCheck(count: 8, input: ExecutionGen.event) { try await throughProtoc($0) }
    }

    @Test func randomAdminRequests() async {
        await cooperativePropertyCheck(count: 8, input: ExecutionGen.adminRequest) { try await throughProtoc($0) }
    }
}
