import Foundation
import Testing
@testable import SluiceTransport

@Suite struct LifecycleTests {
    @Test func aServerRestartedMidStreamIsReachedAgainByTheSameClient() async throws {
        let address = TestAddress.ipc()
        let client = try RequestClient(dialing: address)
        // Each server answers from the moment it is made, not when a task of the pool (which a
        // loaded machine may be slow to give) first runs; and the time limits are those of a
        // loaded machine. What is checked is that every reply comes, to the right request.
        var server = try ReplyServer(listeningOn: [address])
        server.start(echo)
        var serving = Task { [server] in await server.run(echo) }
        for index in 0..<20 {
            #expect(try await client.request([UInt8(index)], timeout: .seconds(20)) == Array("echo:".utf8) + [UInt8(index)])
        }

        // Requests keep coming while the server goes away and a new one takes its address.
        let inFlight = Task {
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for index in 0..<10 {
                    group.addTask { try await client.request([100 + UInt8(index)], timeout: .seconds(20)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        serving.cancel()
        await serving.value
        server = try ReplyServer(listeningOn: [address])
        server.start(echo)
        serving = Task { [server] in await server.run(echo) }

        let replies = try await inFlight.value
        #expect(Set(replies) == Set((0..<10).map { Array("echo:".utf8) + [100 + UInt8($0)] }))
        #expect(try await client.request([42], timeout: .seconds(20)) == Array("echo:".utf8) + [42])
        serving.cancel()
        await serving.value
        await client.close()
    }

    @Test func shutdownDoesNotWaitForHandlersThatIgnoreIt() async throws {
        let server = try ReplyServer(listeningOn: [TestAddress.inproc()])
        let client = try RequestClient(dialing: server.addresses[0])
        let started = Rendezvous(expected: 2)
        let serving = Task {
            await server.run { bytes in
                await started.arriveAndWait()
                // A long poll: it gives up as soon as its task is cancelled.
                try? await Task.sleep(for: .seconds(60))
                return bytes
            }
        }
        let pending = Task { try await client.request([1], timeout: .seconds(60)) }
        await started.arriveAndWait()
        serving.cancel()
        await serving.value  // returns: the handler was cancelled and the socket closed
        pending.cancel()
        _ = await pending.result
        await client.close()
    }

    @Test func closingAServerThatNeverRanReleasesItsAddress() async throws {
        let address = TestAddress.ipc()
        let first = try ReplyServer(listeningOn: [address])
        await first.close()
        await first.close()  // idempotent
        let second = try ReplyServer(listeningOn: [address])
        await second.close()
    }
}
