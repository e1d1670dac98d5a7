import SluiceAdmin
import SluiceWire
import SluiceTestSupport
import Testing

/// An execution whose nodes are more than one reply holds (a large map's elements, or nodes
/// with large values) is read a page at a time: by a client listing them, and by a scheduler
/// taking the execution over.
@Suite("Paging through an execution's nodes", .loadsTheMachine)
struct NodePagingTests {
    /// Records map node "m" and `count` elements of it, each holding an output of `bytes` bytes.
    private func recordElements(_ count: Int, bytes: Int, in admin: AdminFixture, of executionID: String) async throws {
        let payload = String(repeating: "x", count: bytes)
        var events = [Event(executionID: executionID, sequence: 1, at: Timestamp(seconds: 99),
                            kind: .node(NodeEvent(nodeID: "m", kind: .map, phase: .running)))]
        for index in 0..<count {
            events.append(Event(
                executionID: executionID, sequence: UInt64(index + 2), at: Timestamp(seconds: Int64(100 + index)),
                kind: .node(NodeEvent(nodeID: "m[\(index)]", parentNodeID: "m", kind: .task, phase: .succeeded,
                                      outputs: ["o": .string(payload)]))))
        }
        // Batches of 20 keep each request well under the message limit.
        for start in stride(from: 0, to: events.count, by: 20) {
            _ = try await admin.record(Array(events[start..<min(start + 20, events.count)]))
        }
    }

    private func page(_ admin: AdminFixture, _ request: ListNodeExecutionsRequest) async throws -> ListNodeExecutionsResponse {
        guard case .listNodeExecutions(let reply) = try await admin.call(.listNodeExecutions(request)) else {
            throw FixtureFailure("list_node_executions answered with another reply")
        }
        return reply
    }

    private func state(of executionID: String, _ admin: AdminFixture) async throws -> ExecutionState {
        guard case .getExecutionState(let reply) = try await admin.call(
            .getExecutionState(GetExecutionStateRequest(executionID: executionID))), let state = reply.state
        else { throw FixtureFailure("get_execution_state answered with another reply") }
        return state
    }

    @Test("40 MB of nodes come in pages of at most 8 MiB, every node once, in the order recorded", arguments: StoreKind.allCases)
    func pagesHoldAtMostEightMebibytes(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        try await recordElements(100, bytes: 400_000, in: admin, of: execution.id)

        var seen: [String] = []
        var token = ""
        var pages = 0
        repeat {
            let reply = try await page(admin, ListNodeExecutionsRequest(executionID: execution.id, limit: 10_000, pageToken: token))
            let bytes = reply.nodes.reduce(0) { $0 + ($1.outputs["o"].map { _ in 400_000 } ?? 0) }
            #expect(bytes <= 8 << 20, "page \(pages) holds \(bytes) bytes of outputs")
            #expect(!reply.nodes.isEmpty)
            seen += reply.nodes.map(\.nodeID)
            token = reply.nextPageToken
            pages += 1
        } while !token.isEmpty && pages < 50
        #expect(pages >= 5)
        #expect(seen == ["m"] + (0..<100).map { "m[\($0)]" })
    }

    @Test("asked for every node at once, admin refuses what one reply cannot hold, saying how to page", arguments: StoreKind.allCases)
    func wholeListingRefusedWhenTooLarge(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        try await recordElements(30, bytes: 400_000, in: admin, of: execution.id)
        let refused = await refusal { try await admin.nodes(of: execution.id) }
        #expect(refused?.code == .resourceExhausted)
        #expect(refused?.message.contains("page_token") == true)

        // Leaving the elements out counts them instead, however large they are.
        let counted = try await page(admin, ListNodeExecutionsRequest(executionID: execution.id, withoutMapElements: true))
        #expect(counted.nodes.map(\.nodeID) == ["m"])
        #expect(counted.nodes.first?.elementCounts?.succeeded == 30)
    }

    @Test("a scheduler's execution state holds the first page of nodes and a token for the rest", arguments: StoreKind.allCases)
    func executionStateIsPaged(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        try await recordElements(50, bytes: 400_000, in: admin, of: execution.id)
        let state = try await state(of: execution.id, admin)
        #expect(!state.nextNodesPageToken.isEmpty)
        #expect(state.nodes.count < 51 && !state.nodes.isEmpty)

        var nodes = state.nodes
        var token = state.nextNodesPageToken
        while !token.isEmpty {
            let reply = try await page(admin, ListNodeExecutionsRequest(executionID: execution.id, limit: 10_000, pageToken: token))
            nodes += reply.nodes
            token = reply.nextPageToken
        }
        #expect(nodes.map(\.nodeID) == ["m"] + (0..<50).map { "m[\($0)]" })
    }

    @Test("a small execution's state holds every node and no token", arguments: StoreKind.allCases)
    func smallStateIsWhole(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        try await recordElements(3, bytes: 10, in: admin, of: execution.id)
        let state = try await state(of: execution.id, admin)
        #expect(state.nextNodesPageToken.isEmpty)
        #expect(state.nodes.count == 4)
    }
}
