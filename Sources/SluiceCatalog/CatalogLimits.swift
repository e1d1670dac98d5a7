import SluiceWire

/// How long reservations last and how many entries a listing returns: the tunables of
/// `services/catalog/catalog.yaml`.
public struct CatalogLimits: Sendable, Equatable {
    /// A reservation whose holder asked no ttl lasts this long.
    public var standardReservation = Duration.seconds(30)
    /// No reservation lasts longer, whatever its holder asks: a holder that died must not block
    /// its key for longer. At most an hour, which is how long the store keeps a lapsed one.
    public var longestReservation = Duration.seconds(3600)
    /// Entries per listing page at most (100 unless the caller asks).
    public var mostListed = 1_000

    public init() {}

    func ttl(_ requested: Duration?, call: String) throws -> Duration {
        guard let requested, requested != .zero else { return standardReservation }
        guard requested > .zero else {
            throw RequestChecks.refusal("\(call): ttl \(requested) is negative; ask for how long to hold the key", field: "ttl")
        }
        return min(requested, longestReservation)
    }

    func listing(_ requested: UInt32) -> Int {
        requested == 0 ? min(100, mostListed) : min(Int(requested), mostListed)
    }
}
