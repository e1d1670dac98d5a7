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
