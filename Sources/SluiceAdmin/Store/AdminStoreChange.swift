/// A change to the store that long polls wait for, announced by a store that other processes
/// write to as well (several admins over one PostgreSQL database): each admin wakes its own
/// waiting calls for the changes others made. A store only one process writes (SQLite) has
/// none to announce: the service wakes its calls itself.
public enum AdminStoreChange: Sendable, Hashable {
    /// The work feed has new items.
    case feed
    /// The execution has new events.
    case events(executionID: String)
    /// The execution has ended.
    case ended(executionID: String)

    var payload: String {
        switch self {
        case .feed: "feed"
        case .events(let id): "events:" + id
        case .ended(let id): "ended:" + id
        }
    }

    init?(payload: String) {
        if payload == "feed" {
            self = .feed
        } else if payload.hasPrefix("events:") {
            self = .events(executionID: String(payload.dropFirst("events:".count)))
        } else if payload.hasPrefix("ended:") {
            self = .ended(executionID: String(payload.dropFirst("ended:".count)))
        } else {
            return nil
        }
    }
}
