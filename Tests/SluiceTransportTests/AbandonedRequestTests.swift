import Foundation
import Synchronization
import SluiceTransport
import SluiceTestSupport
import Testing

/// Long polls whose callers hung up or moved on must not take the server's contexts from the
/// callers still waiting: the server tells a request its caller is gone, and a long poll that
/// watches for it answers at once.
@Suite("Requests whose callers are gone", .serialized, .needsQuietMachine)
struct AbandonedRequestTests {
    /// A server whose request [1] is a long poll of up to 300 s that ends early when its caller
    /// is gone (as Sluice's long polls do); any other request is echoed at once.
    final class LongPollServer: Sendable {
        let server: ReplyServer
        let received = Counter()
        let ended = Counter()
        let endedEarly = Counter()

        init(options: ReplyServerOptions = ReplyServerOptions()) throws {
            server = try ReplyServer(listeningOn: ["tcp://127.0.0.1:0"], options: options)
        }

        var address: String { server.addresses[0] }

        func handle(_ request: [UInt8]) async -> [UInt8] {
            guard request == [1] else { return request }
            received.increment()
            let early = await waitWhileCallerIsThere(atMost: .seconds(300))
            ended.increment()
            if early { endedEarly.increment() }
            return [2]
        }
    }

    /// Sends `count` long polls at once from one client, each giving up after `patience`.
    static func abandon(_ count: Int, from client: RequestClient, after patience: Duration = .milliseconds(500)) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { _ = try? await client.request([1], timeout: patience) }
            }
        }
    }

    /// How long the slowest of ten ordinary calls from a new connection took.
    static func slowestOrdinaryCall(to address: String) async throws -> Duration {
        let client = try RequestClient(dialing: address)
        var slowest = Duration.zero
        for index in 0..<10 {
            let started = ContinuousClock.now
            let reply = try await client.request([7, UInt8(index)], timeout: .seconds(10))
            #expect(reply == [7, UInt8(index)])
            slowest = max(slowest, ContinuousClock.now - started)
        }
        await client.close()
        return slowest
    }

    static func waitUntil(_ counter: Counter, reaches count: Int, within limit: Duration) async -> Bool {
        await waitUntil(within: limit) { counter.count >= count }
    }

    static func waitUntil(within limit: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition(), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test("a long poll whose caller hangs up ends at once")
    func hangUpEndsTheWait() async throws {
        let polls = try LongPollServer()
        try await withServer(polls.server, handler: polls.handle) {
            let caller = try RequestClient(dialing: polls.address)
            _ = try? await caller.request([1], timeout: .milliseconds(100))
            #expect(polls.ended.count == 0, "the poll waits while its caller's connection is open")
            await caller.close()
            #expect(await Self.waitUntil(polls.endedEarly, reaches: 1, within: .seconds(5)))
        }
    }

    @Test("while 1,000 abandoned long polls are outstanding ordinary calls answer at once; hanging up ends them")
    func thousandAbandonedPolls() async throws {
        let polls = try LongPollServer()
        try await withServer(polls.server, handler: polls.handle) {
            var callers: [RequestClient] = []
            for _ in 0..<10 { callers.append(try RequestClient(dialing: polls.address)) }
            await withTaskGroup(of: Void.self) { group in
                // Patient enough that every poll is sent even on a loaded machine.
                for caller in callers { group.addTask { await Self.abandon(100, from: caller, after: .seconds(2)) } }
            }
            #expect(await Self.waitUntil(polls.received, reaches: 1000, within: .seconds(10)),
                    "every poll reached the server (\(polls.received.count) did)")
            #expect(polls.server.requestsInFlight >= 1000, "and waits there: its callers gave up, their connections are open")
            let slowest = try await Self.slowestOrdinaryCall(to: polls.address)
            #expect(slowest < .seconds(2), "a call waited behind the abandoned polls (the old limit held them for minutes)")

            for caller in callers { await caller.close() }
            #expect(await Self.waitUntil(polls.endedEarly, reaches: 1000, within: .seconds(10)),
                    "hanging up ended every poll (\(polls.endedEarly.count) did)")
            #expect(await Self.waitUntil(within: .seconds(5)) { polls.server.requestsInFlight == 0 })
        }
    }

    @Test("a connection that keeps abandoning long polls without hanging up displaces only its own")
    func pollsAbandonedOnAnOpenConnection() async throws {
        let polls = try LongPollServer(options: ReplyServerOptions(maxRequestsPerConnection: 100))
        try await withServer(polls.server, handler: polls.handle) {
            // A patient caller on its own connection, waiting on a long poll of its own.
            let patient = try RequestClient(dialing: polls.address)
            let patientPoll = Task { try await patient.request([1], timeout: .seconds(60)) }
            #expect(await Self.waitUntil(polls.received, reaches: 1, within: .seconds(5)))

            let rude = try RequestClient(dialing: polls.address)
            for _ in 0..<4 { await Self.abandon(250, from: rude, after: .milliseconds(300)) }
            // Polls given up on may still be arriving: wait until all that arrived are settled.
            let settled = await Self.waitUntil(within: .seconds(10)) {
                polls.server.requestsInFlight == 101 && polls.endedEarly.count == polls.received.count - 101
            }
            let counts = "\(polls.endedEarly.count) of \(polls.received.count), \(polls.server.requestsInFlight) in flight"
            #expect(settled, "all but the connection's newest 100 and the patient poll were answered (\(counts))")
            #expect(polls.received.count > 500, "most of the rude caller's polls reached the server")
            let slowest = try await Self.slowestOrdinaryCall(to: polls.address)
            #expect(slowest < .seconds(2), "a call waited behind the abandoned polls (the old limit held them for minutes)")

            patientPoll.cancel()
            await rude.close()
            await patient.close()
        }
    }

    @Test("past the server's limit the oldest waiting requests are answered, so new callers are still heard")
    func serverLimitAnswersTheOldest() async throws {
        let polls = try LongPollServer(options: ReplyServerOptions(spareContexts: 4, maxConcurrentRequests: 64))
        try await withServer(polls.server, handler: polls.handle) {
            // Many connections, none over its own limit, none hanging up.
            var callers: [RequestClient] = []
            for _ in 0..<10 { callers.append(try RequestClient(dialing: polls.address)) }
            await withTaskGroup(of: Void.self) { group in
                for caller in callers { group.addTask { await Self.abandon(20, from: caller) } }
            }
            let received = polls.received.count
            #expect(received > 100, "most polls reached the server (\(received) did)")
            // 60 wait on: the limit less the contexts kept receiving.
            #expect(await Self.waitUntil(polls.endedEarly, reaches: received - 60, within: .seconds(10)))
            #expect(await Self.waitUntil(within: .seconds(5)) { polls.server.requestsInFlight == 60 })
            let slowest = try await Self.slowestOrdinaryCall(to: polls.address)
            #expect(slowest < .seconds(2), "a call waited behind the abandoned polls (the old limit held them for minutes)")
            for caller in callers { await caller.close() }
        }
    }
}

/// Waits until the caller of the request this task serves is gone, or `limit` has passed.
/// True when the caller went.
func waitWhileCallerIsThere(atMost limit: Duration) async -> Bool {
    guard let presence = CallerPresence.current else { return false }
    let resumed = Mutex(false)
    let timer = Mutex<Task<Void, Never>?>(nil)
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeOnce: @Sendable () -> Void = {
            if resumed.withLock({ let first = !$0; $0 = true; return first }) { continuation.resume() }
        }
        timer.withLock { $0 = Task { try? await Task.sleep(for: limit); resumeOnce() } }
        _ = presence.whenGone(resumeOnce)
    }
    timer.withLock { $0?.cancel() }
    return presence.isGone
}
