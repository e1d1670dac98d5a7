import SluiceWire

/// How long reservations last: what the holder asked, 30 seconds when it asked nothing, never
/// more than an hour (a holder that died must not block its key for longer).
enum ReservationTerms {
    static let standard = Duration.seconds(30)
    static let longest = Duration.seconds(3600)

    static func ttl(_ requested: Duration?, call: String) throws -> Duration {
        guard let requested, requested != .zero else { return standard }
        guard requested > .zero else {
            throw RequestChecks.refusal("\(call): ttl \(requested) is negative; ask for how long to hold the key", field: "ttl")
        }
        return min(requested, longest)
    }
}
