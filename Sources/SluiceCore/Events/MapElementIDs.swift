import SluiceWire

/// The ids of a map node's elements: "thumbs[3]" is element 3 of map node "thumbs". Only
/// elements have ids of that shape (a branch case or a sub-workflow's node is "parent/child").
public enum MapElementIDs {
    public static func id(of index: Int, in mapID: String) -> String { "\(mapID)[\(index)]" }

    /// Whether `id` is an element of map node `mapID`.
    public static func isElement(_ id: String, of mapID: String) -> Bool {
        guard !mapID.isEmpty, id.count > mapID.count + 2, id.hasPrefix(mapID), id.hasSuffix("]") else { return false }
        let rest = id.dropFirst(mapID.count)
        guard rest.first == "[" else { return false }
        let digits = rest.dropFirst().dropLast()
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension ElementCounts {
    /// One more element counted, by how it ended; one that has not ended is not counted.
    public mutating func count(_ element: NodeExecution) {
        count(element.phase, cacheHit: element.cache?.status == .hit)
    }

    /// One more element that reached `phase` (served from the cache when `cacheHit`).
    public mutating func count(_ phase: NodePhase, cacheHit: Bool) {
        switch phase {
        case .succeeded:
            succeeded += 1
            if cacheHit { cached += 1 }
        case .failed, .timedOut: failed += 1
        case .aborted, .skipped: aborted += 1
        default: break
        }
    }

    /// How many have ended, however.
    public var ended: Int { Int(succeeded) + Int(failed) + Int(aborted) }
}
