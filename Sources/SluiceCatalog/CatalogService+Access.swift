import SluiceRPC
import SluiceWire

extension CatalogService {
    /// Looking up, storing and reserving entries is the scheduler's (a lookup counts a hit, so
    /// it is not a read); people list and inspect entries, and operators evict them.
    public func access(for call: CatalogRequest.Call) -> CallAccess {
        switch call {
        case .health: .anyone
        case .listEntries, .getEntry, .stats: .read
        case .evict: .operate
        case .lookup, .put, .reserve, .extendReservation, .releaseReservation: .service
        }
    }
}
