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
        /// Those that have ended, by how.
        package var ended = ElementCounts()
        package var running = 0
        /// Whether the elements were seen, so that running ones can be told from waiting ones.
        package var seesElements = false
        /// Not started yet, or waiting for an executor or the catalog (running too, when the
        /// elements were not seen).
        package var waiting: Int { max(0, total - ended.ended - running) }
    }

    /// The map's own counts of ended elements when it has them (a listing without its
    /// elements); else, and for the running ones, its elements among `nodes`.
    package static func counts(of map: NodeExecution, in nodes: [NodeExecution]) -> Counts {
        var counts = Counts()
        var seen = 0
        for node in nodes where isElement(node, of: map.nodeID) {
            seen += 1
            counts.seesElements = true
            counts.ended.count(node)
            if node.phase == .running, node.attempts.last?.phase == .running { counts.running += 1 }
        }
        counts.total = max(Int(map.elements), seen)
        if let recorded = map.elementCounts { counts.ended = recorded }
        return counts
    }

    /// "3 succeeded (2 cached)", "1 failed", "1 aborted": the parts that are not zero.
    package static func endedParts(_ ended: ElementCounts) -> [String] {
        var parts: [String] = []
        if ended.succeeded > 0 { parts.append("\(ended.succeeded) succeeded" + (ended.cached > 0 ? " (\(ended.cached) cached)" : "")) }
        if ended.failed > 0 { parts.append("\(ended.failed) failed") }
        if ended.aborted > 0 { parts.append("\(ended.aborted) aborted") }
        return parts
    }

    /// "6 elements: 3 succeeded (2 cached), 1 failed, 1 running, 1 waiting".
    package static func summary(_ counts: Counts) -> String {
        var parts = endedParts(counts.ended)
        if counts.running > 0 { parts.append("\(counts.running) running") }
        if counts.waiting > 0 { parts.append(counts.seesElements ? "\(counts.waiting) waiting" : "\(counts.waiting) to go") }
        let total = "\(counts.total) element\(counts.total == 1 ? "" : "s")"
        return parts.isEmpty ? total : "\(total): " + parts.joined(separator: ", ")
    }
}
