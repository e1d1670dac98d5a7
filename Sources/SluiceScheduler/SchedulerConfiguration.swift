import SluiceRPC
import SluiceSettings

/// The scheduler's own settings (`services/scheduler/scheduler.yaml` documents each): where
/// admin and the catalog are, how it calls the catalog, and its tuning.
public struct SchedulerConfiguration: Sendable, Equatable {
    /// Admin's address; `SLUICE_ADMIN`, the variable the CLI reads, also sets it.
    public var admin: String
    /// The catalog's address; `SLUICE_CATALOG` also sets it.
    public var catalog: String
    public var catalogDeadline: Duration
    public var reservationTTL: Duration
    public var catalogQuietPeriod: Duration
    public var tuning: SchedulerTuning

    public init(reading settings: SettingsReader) throws {
        admin = try settings.string("admin.address", default: DefaultAddresses.admin, environmentVariable: "SLUICE_ADMIN")
        catalog = try settings.string("catalog.address", default: DefaultAddresses.catalog, environmentVariable: "SLUICE_CATALOG")
        catalogDeadline = try settings.duration(
            "catalog.deadline", default: CatalogLink.defaultDeadline, in: .milliseconds(1)...(.seconds(600)))
        reservationTTL = try settings.duration("catalog.reservationTTL", default: .seconds(30), in: .seconds(1)...(.seconds(3600)))
        catalogQuietPeriod = try settings.duration("catalog.quietPeriod", default: .seconds(2), in: .zero...(.seconds(600)))
        tuning = SchedulerTuning()
        tuning.eventsPerBatch = try settings.int("tuning.eventsPerBatch", default: tuning.eventsPerBatch, in: 1...10_000)
        tuning.startsPerTurn = try settings.int("tuning.startsPerTurn", default: tuning.startsPerTurn, in: 1...100_000)
        tuning.lookupsPerCall = try settings.int("tuning.lookupsPerCall", default: tuning.lookupsPerCall, in: 1...10_000)
        tuning.putsPerCall = try settings.int("tuning.putsPerCall", default: tuning.putsPerCall, in: 1...10_000)
        tuning.concurrentCompiles = try settings.int("tuning.concurrentCompiles", default: tuning.concurrentCompiles, in: 1...64)
        tuning.unservedAfter = try settings.duration(
            "tuning.unservedAfter", default: tuning.unservedAfter, in: .milliseconds(100)...(.seconds(3600)))
    }
}
