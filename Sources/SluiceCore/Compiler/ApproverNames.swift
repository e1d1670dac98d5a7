/// How principals and groups are named, wherever a name is written: the principals file, an
/// approve gate's approvers. Names show in logs, messages and command lines, so they are short
/// and plain.
public enum PrincipalNames {
    public static let longest = 128

    /// What is wrong with `name`, or nil.
    public static func problem(_ name: String) -> String? {
        guard !name.isEmpty else { return "is empty" }
        guard name.utf8.count <= longest else { return "is longer than \(longest) bytes" }
        let plain = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.@".unicodeScalars.contains($0))
        }
        return plain ? nil : "may hold only letters, digits, '-', '_', '.' and '@'"
    }
}

/// An approve gate's approvers: principal names, and groups as "group:NAME".
public enum ApproverNames {
    public static let groupPrefix = "group:"
    /// A gate naming more people than this should name a group.
    public static let most = 100

    /// What is wrong with one approver as written, or nil.
    public static func problem(_ approver: String) -> String? {
        let isGroup = approver.hasPrefix(groupPrefix)
        let name = isGroup ? String(approver.dropFirst(groupPrefix.count)) : approver
        return PrincipalNames.problem(name).map { "\(isGroup ? "group" : "approver") '\(approver)' \($0)" }
    }
}
