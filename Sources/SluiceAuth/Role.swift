/// What a principal may do. Three roles for people form a ladder, each allowing what the one
/// below allows: `viewer` reads, `operator` also runs, aborts, signals, approves and evicts,
/// `admin` also registers tasks and workflows. `service` stands apart: it is the scheduler's and
/// the executors' role for the calls they make of each other and of admin, which no person needs.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case viewer
    case `operator`
    case admin
    case service

    /// Whether this role alone allows a call that needs `access`.
    public func allows(_ access: CallAccess) -> Bool {
        access.roles.contains(self)
    }

    public static func < (left: Role, right: Role) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}

/// What a call needs of its caller, stated by each service for each of its calls.
public enum CallAccess: Sendable, Equatable {
    /// Health checks: answered for anyone who can reach the port, token or not, so that
    /// container and load balancer probes need no credential.
    case anyone
    /// Reading executions, signals, the registry, the cache.
    case read
    /// Changing what runs: create and abort executions, set signals, approve, evict.
    case operate
    /// Registering tasks and workflows.
    case register
    /// The calls services make of each other: polling work, recording events, completing attempts.
    case service

    /// The roles that allow it, in the ladder's order.
    public var roles: [Role] {
        switch self {
        case .anyone: Role.allCases
        // Services read too: the scheduler looks executions up.
        case .read: [.viewer, .operator, .admin, .service]
        case .operate: [.operator, .admin]
        case .register: [.admin]
        case .service: [.service]
        }
    }
}
