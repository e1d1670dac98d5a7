/// Where sluice-admin keeps its SQLite database: the `--database` flag, else the
/// SLUICE_ADMIN_DATABASE environment variable, else `.sluice/admin.sqlite` under the working
/// directory.
public enum AdminDatabaseLocation {
    public static let environmentVariable = "SLUICE_ADMIN_DATABASE"
    public static let defaultPath = ".sluice/admin.sqlite"

    public static func path(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }
}
