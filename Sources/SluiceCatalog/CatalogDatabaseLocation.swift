/// Where sluice-catalog keeps its SQLite database: the `--database` flag, else the
/// SLUICE_CATALOG_DATABASE environment variable, else `.sluice/catalog.sqlite` under the
/// working directory.
public enum CatalogDatabaseLocation {
    public static let environmentVariable = "SLUICE_CATALOG_DATABASE"
    public static let defaultPath = ".sluice/catalog.sqlite"

    /// The first of the flag and the environment variable that is set and not empty, else the
    /// default.
    public static func path(flag: String?, environment: [String: String]) -> String {
        [flag, environment[environmentVariable]].compactMap { $0 }.first { !$0.isEmpty } ?? defaultPath
    }
}
