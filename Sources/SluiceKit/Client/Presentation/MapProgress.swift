/// The progress of the map nodes of a watched execution, from its events: how many elements
/// of each have ended, and how. `sluice watch` shows this instead of a line per element event,
/// which a map of thousands of elements would bury everything else under.
package struct MapProgress: Sendable {
    package struct Counts: Sendable, Hashable {
        package var total = 0
        package var ended = ElementCounts()
        /// Every element has ended.
        package var isDone: Bool { ended.ended >= total }
        /// The last tenth reported in plain lines.
        var reportedTenths = 0
    }

    /// What one event is, for the watcher.
    package struct Reading: Sendable {
        /// The event is about an element of a map (not worth a line of its own).
        package var isElement = false
        /// The map whose counts it changed.
        package var progressed: String?
        /// An element that failed: worth a line, since the map may go on.
        package var failedElement = false
    }

    private(set) package var maps: [String: Counts] = [:]

    package init() {}

    package mutating func read(_ event: Event) -> Reading {
        var reading = Reading()
        switch event.kind {
        case .node(let change)?:
            if change.kind == .map, change.elements > 0, maps[change.nodeID] == nil {
                maps[change.nodeID] = Counts(total: Int(change.elements))
            }
            guard let mapID = map(of: change.nodeID) else { return reading }
            reading.isElement = true
            guard change.phase.isTerminal, var counts = maps[mapID] else { return reading }
            counts.ended.count(change.phase, cacheHit: change.cache?.status == .hit)
            reading.failedElement = change.phase == .failed || change.phase == .timedOut
            maps[mapID] = counts
            reading.progressed = mapID
        case .attempt(let change)?:
            reading.isElement = map(of: change.nodeID) != nil
        default:
            break
        }
        return reading
    }

    /// The map `id` is an element of ("thumbs" for "thumbs[3]"), when it is one being watched.
    private func map(of id: String) -> String? {
        guard let open = id.lastIndex(of: "[") else { return nil }
        let mapID = String(id[..<open])
        return maps[mapID] != nil && MapElementIDs.isElement(id, of: mapID) ? mapID : nil
    }

    /// "45/100 elements done: 42 succeeded (3 cached), 2 failed, 1 aborted".
    package func summary(of mapID: String) -> String {
        guard let counts = maps[mapID] else { return "" }
        let parts = (counts.ended.succeeded == 0 ? ["0 succeeded"] : []) + MapText.endedParts(counts.ended)
        return "\(counts.ended.ended)/\(counts.total) elements done: " + parts.joined(separator: ", ")
    }

    /// "[#########-----------]" for the share of elements ended.
    package func bar(of mapID: String, width: Int = 30) -> String {
        guard let counts = maps[mapID], counts.total > 0 else { return "" }
        let filled = min(width, counts.ended.ended * width / counts.total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// Whether the map has passed another tenth of its elements (or ended) since this last said
    /// so: when plain output (not a terminal) gets a progress line.
    package mutating func passedATenth(_ mapID: String) -> Bool {
        guard var counts = maps[mapID], counts.total > 0 else { return false }
        let tenths = counts.ended.ended * 10 / counts.total
        guard tenths > counts.reportedTenths else { return false }
        counts.reportedTenths = tenths
        maps[mapID] = counts
        return true
    }
}
