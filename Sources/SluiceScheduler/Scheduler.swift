import Logging
import ServiceLifecycle
import SluiceRPC
import SluiceWire

/// The scheduler's background work, as a service the executable runs beside its RPC server:
/// following admin's work feed, sweeping for attempts whose executors went silent, and keeping
/// the catalog reservations its nodes hold alive.
public struct SchedulerLoops: Service {
    let follower: WorkFeedFollower
    let core: SchedulerCore
    let sweepInterval: Duration

    public init(admin: AdminClient, core: SchedulerCore, logger: Logger, sweepInterval: Duration = .milliseconds(250)) {
        self.follower = WorkFeedFollower(admin: admin, core: core, logger: logger)
        self.core = core
        self.sweepInterval = sweepInterval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await follower.run() }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: sweepInterval)
                        await core.sweep()
                    }
                }
                if let catalog = core.catalog {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: catalog.reservationTTL / 3)
                            await catalog.extendHeld()
                        }
                    }
                }
            }
        }
    }
}
