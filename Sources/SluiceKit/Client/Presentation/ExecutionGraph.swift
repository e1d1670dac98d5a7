import SluiceCore
import SluiceWire

/// A workflow, or an execution as it ran, as a picture: a box per node, an arrow per
/// dependency, and a frame around what a node runs inside it (a sub-workflow, a branch's
/// cases, a dynamic node's subgraph). For an execution each box also says the node's phase and
/// cache status, and a map is one box counting its elements. ``GraphText`` draws it.
package struct ExecutionGraph: Sendable, Hashable {
    package struct Box: Sendable, Hashable {
        package enum Shape: Sendable, Hashable { case task, gate, frameHead }
        package var id: String
        package var lines: [String]
        package var shape: Shape
        /// The node's phase, in an execution's graph.
        package var phase: NodePhase?
        /// HIT, MISS...: in an execution's graph, for nodes that run a task.
        package var cache: CacheStatus?
    }

    /// Boxes drawn inside a frame, headed by the box of the node that owns them.
    package struct Frame: Sendable, Hashable {
        package var id: String
        package var title: String
        package var boxes: [Box] = []
        package var frames: [Frame] = []
    }

    package var title: String
    /// The top level, as a frame with no title of its own.
    package var top: Frame
    /// From a box to the box that waits for it.
    package var arrows: [Arrow] = []

    package struct Arrow: Sendable, Hashable {
        package var from: String
        package var to: String
    }

    /// The registered workflow: what would run.
    package init(workflow: CompiledWorkflow) {
        self.init(workflow: workflow, nodes: nil)
    }

    /// The execution as it ran: `nodes` are its records (map elements may be left out; a map
    /// then counts them), its dynamic subgraphs drawn from theirs.
    package init(workflow: CompiledWorkflow, nodes: [NodeExecution]?) {
        title = workflow.spec?.id.map { "\($0.name):\($0.version)" } ?? "workflow"
        var builder = Builder(records: nodes.map { Dictionary($0.map { ($0.nodeID, $0) }, uniquingKeysWith: { $1 }) })
        top = builder.makeFrame(id: "", title: "", workflow: workflow, prefix: "", owner: nil)
        arrows = builder.arrows
    }

    private struct Builder {
        let records: [String: NodeExecution]?
        var arrows: [Arrow] = []

        mutating func makeFrame(id: String, title: String, workflow: CompiledWorkflow, prefix: String, owner: String?) -> Frame {
            var frame = Frame(id: id, title: title)
            let nodes = workflow.spec?.nodes ?? []
            for node in nodes {
                let full = prefix + node.id
                place(node, id: full, workflow: workflow, into: &frame)
                let waits = node.dependencies.filter { dependency in nodes.contains { $0.id == dependency } }
                for dependency in waits.sorted() {
                    arrows.append(Arrow(from: prefix + dependency, to: full))
                }
                // A node of a subgraph (or sub-workflow) that waits for none of its siblings
                // starts when its owner does: it hangs off the owner.
                if let owner, waits.isEmpty {
                    arrows.append(Arrow(from: owner, to: full))
                }
            }
            return frame
        }

        private mutating func place(_ node: Node, id: String, workflow: CompiledWorkflow, into frame: inout Frame) {
            let record = records?[id]
            var box = Box(id: id, lines: [id], shape: .task, phase: records == nil ? nil : (record?.phase ?? .unspecified),
                          cache: record?.cache?.status)
            switch node.kind {
            case .task(let task)?:
                box.lines.append(task.task?.name ?? "task")
            case .map(let map)?:
                box.lines.append("map \(map.task?.name ?? "task")")
                if let record { box.lines.append(Self.elements(of: record, among: records ?? [:])) }
            case .gate(let gate)?:
                box.shape = .gate
                box.lines.append(Self.describe(gate))
            case .workflow(let sub)?:
                let called = sub.workflow.flatMap { workflow.subWorkflow($0) }
                box.shape = .frameHead
                box.lines.append("workflow \(sub.workflow?.name ?? "?")")
                var inner = called.map { makeFrame(id: id, title: id, workflow: $0, prefix: id + "/", owner: id) } ?? Frame(id: id, title: id)
                inner.boxes.insert(Self.annotated(box, record), at: 0)
                frame.frames.append(inner)
                return
            case .dynamic(let dynamic)?:
                box.shape = .frameHead
                box.lines.append("\(dynamic.body ? "body" : "dynamic") \(dynamic.task?.name ?? "task")")
                guard let subgraph = record?.subgraph else { break }
                var inner = makeFrame(id: id, title: id, workflow: subgraph, prefix: id + "/", owner: id)
                inner.boxes.insert(Self.annotated(box, record), at: 0)
                frame.frames.append(inner)
                return
            case .branch(let branch)?:
                box.shape = .frameHead
                box.lines.append("branch")
                var inner = Frame(id: id, title: id)
                inner.boxes.append(Self.annotated(box, record))
                for candidate in branch.cases.compactMap(\.thenNode) + [branch.elseNode].compactMap({ $0 }) {
                    let caseID = id + "/" + candidate.id
                    place(candidate, id: caseID, workflow: workflow, into: &inner)
                    arrows.append(Arrow(from: id, to: caseID))
                }
                frame.frames.append(inner)
                return
            case nil:
                break
            }
            frame.boxes.append(Self.annotated(box, record))
        }

        /// The phase and, for a hit, where the value came from, as the box's last line.
        private static func annotated(_ box: Box, _ record: NodeExecution?) -> Box {
            guard let phase = box.phase else { return box }
            var box = box
            var state = phase == .unspecified ? "not started" : phase.name
            if let cache = box.cache, cache == .hit { state += " · cache hit" }
            if let body = record?.body {
                state += " · \(body.decisions) decision\(body.decisions == 1 ? "" : "s")"
            } else if record?.attempts.count ?? 0 > 1 {
                state += " · \(record!.attempts.count) attempts"
            }
            box.lines.append(state)
            return box
        }

        private static func elements(of map: NodeExecution, among records: [String: NodeExecution]) -> String {
            // Its elements when they were listed, else the counts admin made of them.
            MapText.summary(MapText.counts(of: map, in: Array(records.values)))
        }

        private static func describe(_ gate: GateNode) -> String {
            switch gate.condition {
            case .signal(let signal)?: "waits for signal \(signal.signalID)"
            case .approve(let approve)?: "waits for approval \(approve.signalID)"
            case .sleep?: "sleeps"
            case nil: "gate"
            }
        }
    }
}
