import SluiceWire

extension CatalogService {
    /// The entry when the key is populated; else the reservation someone else holds; else the
    /// caller's reservation, granted or renewed.
    func reserve(_ request: ReserveRequest) async throws -> ReserveResponse {
        let (key, digest) = try RequestChecks.key(request.key, field: "key", call: "reserve")
        let holder = try RequestChecks.required(request.holder, field: "holder", call: "reserve", what: "holder")
        let ttl = try limits.ttl(request.ttl, call: "reserve")
        let now = Timestamp.now()
        return try await store.reserve(key, digest: digest, holder: holder, until: CatalogTime.offset(now, by: ttl), at: now)
    }

    /// The caller's reservation, lapsed or not, held for another ttl from now.
    func extendReservation(_ request: ExtendReservationRequest) async throws -> ExtendReservationResponse {
        let (key, digest) = try RequestChecks.key(request.key, field: "key", call: "extend_reservation")
        let holder = try RequestChecks.required(request.holder, field: "holder", call: "extend_reservation", what: "holder")
        let ttl = try limits.ttl(request.ttl, call: "extend_reservation")
        let reservation = try await store.extendReservation(
            key, digest: digest, holder: holder, until: CatalogTime.offset(.now(), by: ttl))
        return ExtendReservationResponse(reservation: reservation)
    }

    /// Gives the caller's reservation up; whether it held one.
    func releaseReservation(_ request: ReleaseReservationRequest) async throws -> ReleaseReservationResponse {
        let (_, digest) = try RequestChecks.key(request.key, field: "key", call: "release_reservation")
        let holder = try RequestChecks.required(request.holder, field: "holder", call: "release_reservation", what: "holder")
        return ReleaseReservationResponse(released: try await store.releaseReservation(digest: digest, holder: holder))
    }
}
