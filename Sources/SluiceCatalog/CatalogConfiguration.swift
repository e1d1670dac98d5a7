import SluicePostgres
import SluiceSettings

/// The catalog's own settings (`services/catalog/catalog.yaml` documents each): where entries
/// are kept, and how long reservations last.
public struct CatalogConfiguration: Sendable, Equatable {
    /// The SQLite database file, created with its directory when missing, or a
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL to keep the catalog in PostgreSQL.
    public var database: String
    public var limits: CatalogLimits

    public init(reading settings: SettingsReader) throws {
        database = try settings.string("database", default: ".sluice/catalog.sqlite", PostgresLocation.checkedDatabase)
        limits = CatalogLimits()
        limits.standardReservation = try settings.duration(
            "reservations.standard", default: limits.standardReservation, in: .seconds(1)...(.seconds(3600)))
        limits.longestReservation = try settings.duration(
            "reservations.longest", default: limits.longestReservation, in: .seconds(1)...(.seconds(3600)))
        guard limits.standardReservation <= limits.longestReservation else {
            throw SettingsError(
                "\(settings.sources["reservations.standard"] ?? "reservations.standard"): the standard reservation is longer than the longest (reservations.longest)")
        }
        limits.mostListed = try settings.int("limits.mostListed", default: limits.mostListed, in: 1...100_000)
    }
}
