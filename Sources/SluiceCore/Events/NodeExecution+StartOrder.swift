import SluiceWire

extension NodeExecution {
    /// The order nodes are listed in: by start time, nodes not started last, then by node id.
    @Sendable
    public static func startOrder(_ a: NodeExecution, _ b: NodeExecution) -> Bool {
        switch (a.startedAt, b.startedAt) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.nodeID < b.nodeID
        }
    }
}
