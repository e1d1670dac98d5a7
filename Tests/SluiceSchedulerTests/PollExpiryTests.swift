import Logging
import SluiceRPC
@testable import SluiceScheduler
import SluiceWire
import Synchronization
import Testing

@Suite("Parked polls")
struct PollExpiryTests {
    /// A core whose admin is never reached: polls with no work touch only the core.
    static func core() throws -> SchedulerCore {
        SchedulerCore(admin: try AdminClient(address: "tcp://127.0.0.1:1"), logger: Logger(label: "test"))
    }

    static func poll(_ core: SchedulerCore, executor: String, waitMs: UInt32) async -> (ContinuousClock.Duration, [AttemptAssignment]) {
        let start = ContinuousClock.now
        let attempts = await core.pollAttempts(PollAttemptsRequest(
            executor: ExecutorInfo(executorID: executor, runsShell: true), freeSlots: 4, waitMs: waitMs))
        return (ContinuousClock.now - start, attempts)
    }

    @Test("a poll with no work is answered empty when its own wait ends, even when it waits less than one parked before it")
    func eachPollEndsOnItsOwnWait() async throws {
        let core = try Self.core()
        let longEnded = Atomic(false)
        let long = Task {
            let result = await Self.poll(core, executor: "long", waitMs: 60_000)
            longEnded.store(true, ordering: .sequentiallyConsistent)
            return result
        }
        // Parked after the long one, so the shared timer must be moved earlier for it.
        try await Task.sleep(for: .milliseconds(50))
        let short = await Self.poll(core, executor: "short", waitMs: 100)
        #expect(short.1.isEmpty)
        #expect(short.0 >= .milliseconds(100))
        let longHadEnded = longEnded.load(ordering: .sequentiallyConsistent)
        #expect(!longHadEnded, "the long poll still waits")
        // Cancelling a parked poll answers it at once.
        long.cancel()
        let longResult = await long.value
        #expect(longResult.1.isEmpty)
        #expect(longResult.0 < .seconds(30))
    }

    @Test("polls parked one after another are all answered, each when its wait ends")
    func manyPolls() async throws {
        let core = try Self.core()
        let results = await withTaskGroup(of: (ContinuousClock.Duration, [AttemptAssignment]).self) { group in
            for index in 0..<5 {
                group.addTask { await Self.poll(core, executor: "e\(index)", waitMs: UInt32(100 + 50 * index)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 5)
        #expect(results.allSatisfy { $0.1.isEmpty && $0.0 >= .milliseconds(100) })
    }
}
