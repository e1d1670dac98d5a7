import SluiceWire

/// Versions for tasks and workflows that do not state one: a short hash of their content, so
/// that registering an unchanged file again changes nothing and an edited one registers as a new
/// version instead of clashing with the old.
public enum ContentVersion {
    public static func of(_ task: TaskSpec) throws(WireError) -> String {
        var unversioned = task
        unversioned.id?.version = ""
        return short(ContentDigest.sha256(try unversioned.serializedBytes()))
    }

    public static func of(_ workflow: WorkflowSpec) throws(WireError) -> String {
        var unversioned = workflow
        unversioned.id?.version = ""
        return short(ContentDigest.sha256(try unversioned.serializedBytes()))
    }

    /// The first 12 hex digits of "sha256:<hex>".
    private static func short(_ digest: String) -> String {
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst("sha256:".count) : Substring(digest)
        return String(hex.prefix(12))
    }
}
