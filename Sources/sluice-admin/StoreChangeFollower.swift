import ServiceLifecycle
import SluiceAdmin

/// Runs beside admin's server and wakes its long polls for what other admins over the same
/// PostgreSQL database commit (see `AdminService.followStoreChanges`).
struct StoreChangeFollower: Service {
    let admin: AdminService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await admin.followStoreChanges()
        }
        // A store only this admin writes has nothing to follow: wait for the shutdown, since a
        // service of the group that returns early stops the group.
        try? await gracefulShutdown()
    }
}
