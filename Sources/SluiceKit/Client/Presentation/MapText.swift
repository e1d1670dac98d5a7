/// A map node and its elements as people read them: the map as one row with its elements
/// counted by phase, the elements themselves only when asked for.
package enum MapText {
    /// Whether `node` is one of the elements of map node `mapID` ("thumbs[3]" of "thumbs").
    package static func isElement(_ node: NodeExecution, of mapID: String) -> Bool {
        node.parentNodeID == mapID && MapElementIDs.isElement(node.nodeID, of: mapID)
    }

    /// The nodes without the elements of any map node among them.
    package static func withoutElements(_ nodes: [NodeExecution]) -> [NodeExecution] {
        let maps = Set(nodes.filter { $0.kind == .map }.map(\.nodeID))
        guard !maps.isEmpty else { return nodes }
        return nodes.filter { node in !maps.contains { isElement(node, of: $0) } }
    }

    /// How many elements are in each phase.
    package struct Counts: Sendable, Hashable {
        package var total = 0
        package var succeeded = 0
        /// Of the succeeded, those served from the cache.
        package var cached = 0
        package var failed = 0
        package var aborted = 0
        package var running = 0
        /// Whether the elements were seen, so that running ones can be told from waiting ones.
        package var seesElements = false
        /// Not started yet, or waiting for an executor or the catalog (running too, when the
        /// elements were not seen).
        package var waiting: Int { max(0, total - succeeded - failed - aborted - running) }
    }

    /// The map's own counts of ended elements when it keeps them; running ones from its
    /// elements among `nodes`, when they are there.
    package static func counts(of map: NodeExecution, in nodes: [NodeExecution]) -> Counts {
        var counts = Counts()
        var seen = 0
        for node in nodes where isElement(node, of: map.nodeID) {
            seen += 1
            counts.seesElements = true
            switch node.phase {
            case .succeeded:
                counts.succeeded += 1
                if node.cache?.status == .hit { counts.cached += 1 }
            case .failed, .timedOut: counts.failed += 1
            case .aborted: counts.aborted += 1
            case .running where node.attempts.last?.phase == .running: counts.running += 1
            default: break
            }
        }
        counts.total = max(Int(map.elements), seen)
        if let recorded = map.elementCounts {
            counts.succeeded = Int(recorded.succeeded)
            counts.cached = Int(recorded.cached)
            counts.failed = Int(recorded.failed)
            counts.aborted = Int(recorded.aborted)
        }
        return counts
    }

    /// "6 elements: 3 succeeded (2 cached), 1 failed, 1 running, 1 waiting".
    package static func summary(_ counts: Counts) -> String {
        var parts: [String] = []
        if counts.succeeded > 0 { parts.append("\(counts.succeeded) succeeded" + (counts.cached > 0 ? " (\(counts.cached) cached)" : "")) }
        if counts.failed > 0 { parts.append("\(counts.failed) failed") }
        if counts.aborted > 0 { parts.append("\(counts.aborted) aborted") }
        if counts.running > 0 { parts.append("\(counts.running) running") }
        if counts.waiting > 0 { parts.append(counts.seesElements ? "\(counts.waiting) waiting" : "\(counts.waiting) to go") }
        let total = "\(counts.total) element\(counts.total == 1 ? "" : "s")"
        return parts.isEmpty ? total : "\(total): " + parts.joined(separator: ", ")
    }
}
