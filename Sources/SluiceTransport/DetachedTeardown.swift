import Foundation

/// Runs blocking nng teardown (nng_aio_stop, nng_close) on a thread of its own, never on the
/// cooperative pool, and stops waiting after a deadline.
///
/// nng 1.5.2's nng_close can hang (nng issues 1543 and 1813: its reaper thread waits on an
/// operation caught half-started, seen after a connection was dropped repeatedly under a pending
/// request); shutdown must not hang with it. When the deadline passes the work is abandoned on
/// its thread, and whatever it would have freed is leaked, never freed early.
enum DetachedTeardown {
    /// Returns true when `work` finished before the deadline.
    static func run(deadline: Duration, _ work: @escaping @Sendable () -> Void) async -> Bool {
        await waitForCompletion(upTo: deadline) { done in
            let thread = Thread {
                work()
                done()
            }
            thread.name = "sluice-nng-teardown"
            thread.start()
        }
    }
}
