/// ``ExecutionGraph`` drawn as Graphviz's DOT (which `dot` turns into SVG or PNG) or as a
/// Mermaid flowchart (which GitHub and many wikis draw). Boxes are filled by phase; a cache hit
/// has a double border in DOT and a thick one in Mermaid.
package enum GraphText {
    package static func dot(_ graph: ExecutionGraph) -> String {
        var lines = [
            "digraph \(quoted(graph.title)) {",
            "  rankdir=LR;",
            "  compound=true;",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];",
            "  edge [color=\"#607d8b\"];",
        ]
        func emit(_ frame: ExecutionGraph.Frame, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            for box in frame.boxes {
                var attributes = ["label=\(quoted(box.lines.joined(separator: "\n")))"]
                if let color = fill(box.phase) { attributes.append("fillcolor=\(quoted(color))") }
                switch box.shape {
                case .gate: attributes.append("shape=hexagon")
                case .frameHead: attributes.append("style=\"filled\"")
                case .task: break
                }
                if box.cache == .hit { attributes.append("peripheries=2") }
                lines.append("\(indent)\(quoted(box.id)) [\(attributes.joined(separator: ", "))];")
            }
            for (index, inner) in frame.frames.enumerated() {
                lines.append("\(indent)subgraph \(quoted("cluster_\(inner.id)_\(depth)_\(index)")) {")
                lines.append("\(indent)  label=\(quoted(inner.title)); style=\"rounded,dashed\"; color=\"#90a4ae\";")
                emit(inner, depth: depth + 1)
                lines.append("\(indent)}")
            }
        }
        emit(graph.top, depth: 1)
        for arrow in graph.arrows {
            lines.append("  \(quoted(arrow.from)) -> \(quoted(arrow.to));")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    package static func mermaid(_ graph: ExecutionGraph) -> String {
        var ids: [String: String] = [:]
        func id(_ node: String) -> String {
            if let known = ids[node] { return known }
            let made = "n\(ids.count)"
            ids[node] = made
            return made
        }
        var lines = ["flowchart LR"]
        var styled: [(String, String)] = []
        func emit(_ frame: ExecutionGraph.Frame, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            for box in frame.boxes {
                let label = box.lines.map(escapedForMermaid).joined(separator: "<br/>")
                let (open, close) = box.shape == .gate ? ("{{", "}}") : ("[", "]")
                lines.append("\(indent)\(id(box.id))\(open)\"\(label)\"\(close)")
                if let phase = box.phase { styled.append((id(box.id), className(phase, hit: box.cache == .hit))) }
            }
            for inner in frame.frames {
                lines.append("\(indent)subgraph \(id("frame:" + inner.id))[\"\(escapedForMermaid(inner.title))\"]")
                emit(inner, depth: depth + 1)
                lines.append("\(indent)end")
            }
        }
        emit(graph.top, depth: 1)
        for arrow in graph.arrows {
            lines.append("  \(id(arrow.from)) --> \(id(arrow.to))")
        }
        for (node, name) in styled { lines.append("  class \(node) \(name)") }
        let classes: [(String, String)] = [
            ("succeeded", "fill:#c8e6c9"), ("failed", "fill:#ffcdd2"), ("running", "fill:#bbdefb"),
            ("paused", "fill:#ffe0b2"), ("ended", "fill:#eeeeee"), ("waiting", "fill:#ffffff"),
            ("hit", "fill:#c8e6c9,stroke-width:3px"),
        ]
        for (name, style) in classes where styled.contains(where: { $0.1 == name }) {
            lines.append("  classDef \(name) \(style)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The fill of a box in this phase; nil for a workflow's graph (no phases).
    static func fill(_ phase: NodePhase?) -> String? {
        guard let phase else { return nil }
        switch phase {
        case .succeeded: return "#c8e6c9"
        case .failed, .timedOut: return "#ffcdd2"
        case .running, .queued, .dynamicRunning: return "#bbdefb"
        case .paused: return "#ffe0b2"
        case .aborted, .skipped: return "#eeeeee"
        case .unspecified: return "#ffffff"
        }
    }

    private static func className(_ phase: NodePhase, hit: Bool) -> String {
        switch phase {
        case .succeeded: hit ? "hit" : "succeeded"
        case .failed, .timedOut: "failed"
        case .running, .queued, .dynamicRunning: "running"
        case .paused: "paused"
        case .aborted, .skipped: "ended"
        case .unspecified: "waiting"
        }
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as \n.
    static func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    /// Mermaid labels are quoted; a quote inside is written as an entity.
    static func escapedForMermaid(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
