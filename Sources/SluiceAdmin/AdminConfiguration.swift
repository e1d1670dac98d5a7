import SluicePostgres
import SluiceSettings

/// Admin's own settings (`services/admin/admin.yaml` documents each): where its records are
/// kept, and the limits of its calls.
public struct AdminConfiguration: Sendable, Equatable {
    /// An SQLite file, created with its directory when missing, or a `postgres://` URL.
    public var database: String
    public var limits: AdminLimits

    public init(reading settings: SettingsReader) throws {
        database = try settings.string("database", default: ".sluice/admin.sqlite", PostgresLocation.checkedDatabase)
        limits = AdminLimits()
        limits.mostListed = try settings.int("limits.mostListed", default: limits.mostListed, in: 1...100_000)
        limits.mostBatched = try settings.int("limits.mostBatched", default: limits.mostBatched, in: 1...100_000)
        limits.longestWait = try settings.duration("limits.longestWait", default: limits.longestWait, in: .seconds(1)...(.seconds(3600)))
    }
}
