import Foundation
import SluiceKit
import Testing

/// The pieces of the `sluice` command that need no services: reading `-i name=value`, and
/// rendering tables, executions and events.
@Suite struct CommandLinePiecesTests {
    let interface = TypedInterface(inputs: [
        Variable(name: "n", type: .simple(.int)),
        Variable(name: "label", type: .simple(.string), defaultValue: .string("x")),
        Variable(name: "maybe", type: .union([.simple(.float), .simple(.none)])),
    ])

    @Test func inputsAreReadAsTheirDeclaredTypes() throws {
        let literals = try InputAssignments.literals(["n=3", "label=a=b", "maybe=2.5"], for: interface)
        #expect(literals == ["n": .int(3), "label": .string("a=b"), "maybe": .float(2.5)], "only the first '=' separates")
        #expect(try InputAssignments.literals(["n=-4"], for: interface) == ["n": .int(-4)], "defaults and optionals may be left out")
        #expect(try InputAssignments.literals(["n=1", "label="], for: interface)["label"] == .string(""))
    }

    @Test func badInputsAreNamed() {
        let cases: [([String], String)] = [
            (["3"], "'3' is not an input; write NAME=VALUE, e.g. -i n=3"),
            (["=3"], "'=3' is not an input; write NAME=VALUE, e.g. -i n=3"),
            (["m=3"], "the workflow has no input 'm' (inputs: n, label, maybe)"),
            (["n=3", "n=4"], "input 'n' is given twice"),
            (["label=a"], "missing input n (int); give it with -i NAME=VALUE"),
        ]
        for (arguments, message) in cases {
            #expect(throws: InputAssignments.Problem(message: message), "\(arguments)") {
                try InputAssignments.literals(arguments, for: interface)
            }
        }
        let unparsable = #expect(throws: InputAssignments.Problem.self) { try InputAssignments.literals(["n=three"], for: interface) }
        #expect(unparsable?.message.hasPrefix("input 'n' (int): ") == true)
    }

    @Test func labels() throws {
        #expect(try InputAssignments.labels(["team=web", "tier=a=b"]) == ["team": "web", "tier": "a=b"])
        #expect(throws: InputAssignments.Problem(message: "'team' is not a label; write KEY=VALUE")) {
            try InputAssignments.labels(["team"])
        }
    }

    @Test func tablesAlignColumnsAndLeaveNoTrailingSpaces() {
        let table = TextTable(header: ["NODE", "PHASE", "ERROR"], rows: [
            ["square", "SUCCEEDED", ""],
            ["a-much-longer-id", "FAILED", "exit status 1"],
        ])
        #expect(table.rendered == """
            NODE              PHASE      ERROR
            square            SUCCEEDED
            a-much-longer-id  FAILED     exit status 1
            """)
        #expect(TextTable(rows: [["a", "b"], ["ccc", "d"]]).rendered == "a    b\nccc  d")
        #expect(TextTable.cell("line one\nline two", limit: 12) == "line one li…")
        #expect(TextTable.cell("short") == "short")
    }

    @Test func durationsAreShortAndPreciseWhereItMatters() {
        #expect(TimeText.duration(.milliseconds(850)) == "850ms")
        #expect(TimeText.duration(.milliseconds(12_340)) == "12.3s")
        #expect(TimeText.duration(.seconds(245)) == "4m05s")
        #expect(TimeText.duration(.seconds(7380)) == "2h03m")
    }

    static let start = Timestamp(seconds: 1_769_850_000)
    static let end = Timestamp(seconds: 1_769_850_012, nanos: 300_000_000)

    @Test func statusShowsTheHeaderTheNodesAndTheOutputs() {
        let execution = Execution(
            id: "e1", spec: ExecutionSpec(workflow: Identifier(name: "demo", version: "abc")),
            phase: .failed, outputs: [:],
            error: ExecutionError(kind: .user, code: "NonZeroExit", message: "exit status 1", nodeID: "check", attempt: 3, stderrTail: "boom\nbang"),
            createdAt: Self.start, startedAt: Self.start, endedAt: Self.end)
        let nodes = [
            NodeExecution(nodeID: "square", kind: .task, phase: .succeeded, attempts: [TaskAttempt(number: 1)],
                          cache: CacheInfo(status: .populated, key: "sha256:abc"),
                          startedAt: Self.start, endedAt: Timestamp(seconds: 1_769_850_000, nanos: 400_000_000)),
            NodeExecution(nodeID: "check", kind: .task, phase: .failed,
                          error: ExecutionError(code: "NonZeroExit", message: "exit status 1", nodeID: "check", attempt: 3),
                          attempts: [TaskAttempt(number: 1), TaskAttempt(number: 2), TaskAttempt(number: 3)],
                          startedAt: Self.start, endedAt: Self.end),
            NodeExecution(nodeID: "size", kind: .branch, phase: .skipped),
        ]
        #expect(ExecutionText.status(execution, nodes: nodes) == """
            execution  e1
            workflow   demo:abc
            phase      FAILED
            created    2026-01-31T09:00:00Z
            duration   12.3s
            error      node check, attempt 3: NonZeroExit: exit status 1

            stderr (last lines):
              boom
              bang

            NODE    KIND    PHASE      ATTEMPTS  CACHE      DURATION  DETAIL
            square  TASK    SUCCEEDED  1         POPULATED  400ms
            check   TASK    FAILED     3         -          12.3s     node check, attempt 3: NonZeroExit: exit status 1
            size    BRANCH  SKIPPED    -         -          -
            """)
        let succeeded = Execution(id: "e2", phase: .succeeded, outputs: ["total": .int(71), "label": .string("small")])
        #expect(ExecutionText.status(succeeded, nodes: []).hasSuffix("""
            outputs:
              label = "small"
              total = 71
            """))
    }

    @Test func aNodeWaitingForAnExecutorSaysWhyInStatusAndWatch() {
        let reason = "no connected executor serves task render:1 (a Swift task: start a worker that serves \"render\")"
        let waiting = NodeExecution(
            nodeID: "render", kind: .task, phase: .running,
            attempts: [TaskAttempt(number: 1, phase: .queued, waiting: reason)], startedAt: Self.start)
        let row = ExecutionText.nodeTable([waiting], now: Self.end.date).rendered.split(separator: "\n").last ?? ""
        #expect(row.hasSuffix(reason), "\(row)")
        let started = NodeExecution(
            nodeID: "render", kind: .task, phase: .running,
            attempts: [TaskAttempt(number: 1, phase: .running, executorID: "w1")], startedAt: Self.start)
        #expect(ExecutionText.nodeTable([started], now: Self.end.date).rendered.hasSuffix("12.3s"), "a running attempt waits for nothing")
        #expect(ExecutionText.line(
            Event(executionID: "e1", sequence: 3, at: Self.start, kind: .attempt(AttemptEvent(nodeID: "render", attempt: 1, phase: .queued, waiting: reason))),
            timeZone: TimeZone(identifier: "UTC")!)
                == "2026-01-31 09:00:00 UTC  render          attempt 1 QUEUED: \(reason)")
    }

    @Test func aMapIsOneRowCountingItsElementsByPhaseUnlessTheyAreAskedFor() {
        let map = NodeExecution(nodeID: "thumbs", kind: .map, phase: .running, startedAt: Self.start, elements: 6)
        func element(_ index: Int, _ phase: NodePhase, attempt: AttemptPhase? = nil, cache: CacheStatus? = nil) -> NodeExecution {
            NodeExecution(
                nodeID: "thumbs[\(index)]", parentNodeID: "thumbs", kind: .task, phase: phase,
                attempts: attempt.map { [TaskAttempt(number: 1, phase: $0)] } ?? [], cache: cache.map { CacheInfo(status: $0) })
        }
        let nodes = [
            map, element(0, .succeeded, cache: .hit), element(1, .succeeded, attempt: .succeeded, cache: .populated),
            element(2, .failed, attempt: .failed), element(3, .running, attempt: .running), element(4, .running, attempt: .queued),
        ]
        let table = ExecutionText.nodeTable(nodes, now: Self.end.date).rendered
        #expect(!table.contains("thumbs[0]"), "elements are not rows of their own")
        #expect(table.contains("thumbs  MAP   RUNNING"), "\(table)")
        #expect(table.hasSuffix("6 elements: 2 succeeded (1 cached), 1 failed, 1 running, 2 waiting"), "\(table)")
        let listed = ExecutionText.nodeTable(nodes, now: Self.end.date, elements: true).rendered
        #expect(listed.contains("thumbs[3]"))
        let json = ExecutionJSON.execution(Execution(id: "e1"), nodes: nodes).rendered(pretty: false)
        #expect(json.contains("\"elements\":{\"total\":6,\"succeeded\":2,\"cached\":1,\"failed\":1,\"aborted\":0,\"running\":1,\"waiting\":2}"), "\(json)")
        #expect(!json.contains("thumbs[0]"))

        // Without its elements (status leaves them out), the map's own counts tell the ended ones.
        var counted = map
        counted.elementCounts = ElementCounts(succeeded: 2, cached: 1, failed: 1)
        #expect(ExecutionText.nodeTable([counted], now: Self.end.date).rendered.hasSuffix("6 elements: 2 succeeded (1 cached), 1 failed, 3 to go"))
    }

    @Test func watchingAMapCountsItsElementsAndReportsEachTenthOnce() {
        var progress = MapProgress()
        func event(_ kind: Event.Kind) -> Event { Event(executionID: "e1", sequence: 1, kind: kind) }
        #expect(!progress.read(event(.node(NodeEvent(nodeID: "thumbs", kind: .map, phase: .running, elements: 20)))).isElement)
        var lines: [String] = []
        for index in 0..<20 {
            let phase: NodePhase = index == 3 ? .failed : .succeeded
            let cache = index < 5 ? CacheInfo(status: .hit) : nil
            _ = progress.read(event(.attempt(AttemptEvent(nodeID: "thumbs[\(index)]", attempt: 1, phase: .running))))
            let reading = progress.read(event(.node(NodeEvent(nodeID: "thumbs[\(index)]", parentNodeID: "thumbs", kind: .task, phase: phase, cache: cache))))
            #expect(reading.isElement && reading.progressed == "thumbs")
            #expect(reading.failedElement == (index == 3))
            if progress.passedATenth("thumbs") { lines.append(progress.summary(of: "thumbs")) }
        }
        #expect(lines.count == 10, "one line per tenth: \(lines)")
        #expect(lines.last == "20/20 elements done: 19 succeeded (4 cached), 1 failed")
        #expect(progress.bar(of: "thumbs", width: 10) == "[##########]")
        #expect(!progress.read(event(.node(NodeEvent(nodeID: "other[1]", kind: .task, phase: .succeeded)))).isElement,
                "a node whose id looks like an element of no watched map is not one")
    }

    @Test func cacheInspectionNamesEachStatusInOneWordAndCountsThem() {
        let source = CacheProvenance(executionID: "e0", nodeID: "square", attempt: 2)
        let nodes = [
            NodeExecution(nodeID: "square", kind: .task, phase: .succeeded,
                          cache: CacheInfo(status: .hit, key: "sha256:0123456789abcdef", source: source)),
            NodeExecution(nodeID: "double", kind: .task, phase: .succeeded, cache: CacheInfo(status: .lookupFailure, key: "sha256:fedcba9876543210")),
            NodeExecution(nodeID: "sum", kind: .task, phase: .succeeded, cache: CacheInfo(status: .putFailure, key: "sha256:00ff00ff00ff00ff")),
            NodeExecution(nodeID: "report", kind: .task, phase: .succeeded, cache: CacheInfo(status: .disabled)),
            NodeExecution(nodeID: "size", kind: .branch, phase: .skipped),
        ]
        #expect(CacheText.inspection(nodes) == """
            NODE    CACHE           KEY           FROM EXECUTION  FROM NODE
            square  HIT             0123456789ab  e0              square (attempt 2)
            double  LOOKUP_FAILURE  fedcba987654
            sum     PUT_FAILURE     00ff00ff00ff
            report  DISABLED        -
            4 nodes: 1 hit, 1 lookup failure, 1 put failure, 1 disabled
            """)
    }

    @Test func eventsBecomeOneLineEach() {
        let utc = TimeZone(identifier: "UTC")!
        func line(_ kind: Event.Kind) -> String? {
            ExecutionText.line(Event(executionID: "e1", sequence: 1, at: Self.start, kind: kind), timeZone: utc)
        }
        #expect(line(.node(NodeEvent(nodeID: "square", kind: .task, phase: .running))) == "2026-01-31 09:00:00 UTC  square          RUNNING")
        #expect(line(.attempt(AttemptEvent(nodeID: "check", attempt: 1, phase: .running, executorID: "ex-1")))
                == "2026-01-31 09:00:00 UTC  check           attempt 1 RUNNING on ex-1")
        #expect(line(.attempt(AttemptEvent(
            nodeID: "check", attempt: 1, phase: .failed,
            error: ExecutionError(code: "NonZeroExit", message: "exit status 1", nodeID: "check", attempt: 1))))
                == "2026-01-31 09:00:00 UTC  check           attempt 1 FAILED: NonZeroExit: exit status 1")
        #expect(line(.node(NodeEvent(nodeID: "size", kind: .branch, phase: .succeeded))) == "2026-01-31 09:00:00 UTC  size            branch SUCCEEDED")
        #expect(line(.execution(ExecutionEvent(phase: .succeeded))) == "2026-01-31 09:00:00 UTC  execution       SUCCEEDED")
        #expect(ExecutionText.line(Event(executionID: "e1", sequence: 2)) == nil)
    }

    @Test func jsonEmbedsValuesAsWrittenAndEscapesText() {
        let value = JSONValue.object([
            ("id", .string("e\"1\n")), ("count", .integer(3)), ("ratio", .number(0.5)), ("ok", .bool(true)),
            ("none", .null), ("outputs", .raw("{\"x\":1.0}")), ("list", .array([.integer(1), .array([])])), ("empty", .object([])),
        ])
        #expect(value.rendered(pretty: false)
                == #"{"id":"e\"1\n","count":3,"ratio":0.5,"ok":true,"none":null,"outputs":{"x":1.0},"list":[1,[]],"empty":{}}"#)
        #expect(JSONValue.array([.integer(1), .object([("a", .string("b"))])]).rendered() == """
            [
              1,
              {
                "a": "b"
              }
            ]
            """)
    }
}
