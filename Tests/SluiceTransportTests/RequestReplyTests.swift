import Foundation
import Testing
@testable import SluiceTransport

@Suite struct RequestReplyTests {
    @Test(arguments: ["inproc", "ipc", "tcp"])
    func roundTripOverEachTransport(_ scheme: String) async throws {
        let address = switch scheme {
        case "inproc": TestAddress.inproc()
        case "ipc": TestAddress.ipc()
        default: "tcp://127.0.0.1:0"
        }
        let server = try ReplyServer(listeningOn: [address])
        let bound = try #require(server.addresses.first)
        if scheme == "tcp" { #expect(!bound.hasSuffix(":0"), "the bound port is reported") }
        let client = try RequestClient(dialing: bound)
        let reply = try await withServer(server, handler: echo) {
            try await client.request(Array("hello".utf8), timeout: .seconds(5))
        }
        #expect(String(decoding: reply, as: UTF8.self) == "echo:hello")
        await client.close()
    }

    @Test func emptyAndLargeMessagesArriveIntact() async throws {
        let server = try ReplyServer(listeningOn: [TestAddress.inproc()])
        let client = try RequestClient(dialing: server.addresses[0])
        let large = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await withServer(server, handler: { $0 }) {
            let empty = try await client.request([], timeout: .seconds(5))
            let echoed = try await client.request(large, timeout: .seconds(10))
            #expect(empty == [])
            #expect(echoed == large)
        }
        await client.close()
    }

    @Test func thousandRequestsFromFiftyTasksAreAllAnsweredCorrectly() async throws {
        let server = try ReplyServer(listeningOn: [TestAddress.ipc()])
        let client = try RequestClient(dialing: server.addresses[0])
        let mismatches = try await withServer(server, handler: echo) {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        var wrong = 0
                        for request in 0..<20 {
                            let body = Array("\(task)-\(request)".utf8)
                            let reply = try await client.request(body, timeout: .seconds(10))
                            if reply != Array("echo:".utf8) + body { wrong += 1 }
                        }
                        return wrong
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(mismatches == 0)
        await client.close()
    }

    @Test func serverHandlesRequestsConcurrently() async throws {
        let concurrent = 12
        let rendezvous = Rendezvous(expected: concurrent)
        let server = try ReplyServer(listeningOn: [TestAddress.inproc()], options: .init(spareContexts: 16))
        let client = try RequestClient(dialing: server.addresses[0])
        let replies = try await withServer(server, handler: { bytes in
            await rendezvous.arriveAndWait()
            return bytes
        }) {
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for index in 0..<concurrent {
                    group.addTask { try await client.request([UInt8(index)], timeout: .seconds(20)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(Set(replies) == Set((0..<concurrent).map { [UInt8($0)] }))
        await client.close()
    }
}
