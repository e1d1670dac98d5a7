import SluiceCore

/// Who a call comes from: the principal its token names, with the roles and groups the
/// principals file gives it.
public struct Principal: Sendable, Hashable {
    public var name: String
    public var roles: Set<Role>
    /// Groups it belongs to, which an approve gate may name instead of listing people.
    public var groups: Set<String>
    /// False for every caller of a service that runs with authentication off: it is whoever it
    /// says it is, and may do anything a role allows.
    public var isAuthenticated: Bool

    public init(name: String, roles: Set<Role>, groups: Set<String> = [], isAuthenticated: Bool = true) {
        self.name = name
        self.roles = roles
        self.groups = groups
        self.isAuthenticated = isAuthenticated
    }

    /// Every caller when authentication is off.
    public static let anonymous = Principal(name: "anonymous", roles: Set(Role.allCases), isAuthenticated: false)

    public func may(_ access: CallAccess) -> Bool {
        access == .anyone || roles.contains { $0.allows(access) }
    }

    /// Whether an approve gate that names `deciders` ("alice", "group:release") lets this
    /// principal decide it. A gate that names nobody lets any operator decide.
    public func mayDecide(namedIn deciders: [String]) -> Bool {
        guard !deciders.isEmpty else { return true }
        guard isAuthenticated else { return false }
        return deciders.contains { decider in
            if decider.hasPrefix(ApproverNames.groupPrefix) {
                return groups.contains(String(decider.dropFirst(ApproverNames.groupPrefix.count)))
            }
            return decider == name
        }
    }

    /// "alice (viewer)", for messages.
    public var described: String {
        "\(name) (\(roles.sorted().map(\.rawValue).joined(separator: ", ")))"
    }
}
