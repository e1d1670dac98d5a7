import Foundation
import GRDB
@testable import SluiceAdmin
import SluiceWire
import Testing

@Suite("The work feed's newest items, kept in memory")
struct FeedTailTests {
    private static func item(_ cursor: UInt64) -> WorkItem {
        var item = WorkItem(executionID: "ex-\(cursor)", item: .abort(AbortRequest(reason: "r\(cursor)")))
        item.cursor = cursor
        return item
    }

    @Test("it answers only from where it started, and stops reaching back once it has dropped items")
    func answersOnlyWhatItHolds() {
        let tail = FeedTail(capacity: 3)
        #expect(tail.items(after: 0, limit: 10) == nil, "before it knows where the feed stood, it cannot tell")
        tail.start(after: 5)
        #expect(tail.items(after: 4, limit: 10) == nil, "item 5 was committed before it started")
        #expect(tail.items(after: 5, limit: 10) == [])
        for cursor: UInt64 in 6...8 { tail.committed(Self.item(cursor)) }
        #expect(tail.items(after: 5, limit: 10)?.map(\.cursor) == [6, 7, 8])
        #expect(tail.items(after: 6, limit: 1)?.map(\.cursor) == [7])
        #expect(tail.items(after: 8, limit: 10) == [])
        tail.committed(Self.item(9))
        #expect(tail.items(after: 5, limit: 10) == nil, "item 6 was dropped")
        #expect(tail.items(after: 6, limit: 10)?.map(\.cursor) == [7, 8, 9])
    }

    @Test("an item that does not follow the last one sends polls from before it to the table")
    func gapMeansAnotherWriter() {
        let tail = FeedTail()
        tail.start(after: 0)
        tail.committed(Self.item(1))
        tail.committed(Self.item(3))
        #expect(tail.items(after: 0, limit: 10) == nil, "item 2 was written by another connection")
        #expect(tail.items(after: 2, limit: 10) == nil)
        #expect(tail.items(after: 3, limit: 10) == [])
        tail.committed(Self.item(4))
        #expect(tail.items(after: 3, limit: 10)?.map(\.cursor) == [4])
    }

    @Test("the store's feed answers from memory with exactly what its table holds, and after a restart from the table")
    func storeAnswersMatchTheTable() async throws {
        let admin = try await AdminFixture()
        let gated = try await admin.createRelease()
        _ = try await admin.setSignal("approval", of: gated.id, to: .bool(true))
        let other = try await admin.createGreeting()
        _ = try await admin.call(.abortExecution(AbortExecutionRequest(executionID: other.id, reason: "enough")))

        let stored = try await admin.sqliteStore.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT cursor, item FROM feed ORDER BY cursor").map { row in
                var item = try WorkItem(serializedBytes: [UInt8](row[1] as Data), limits: .default)
                item.cursor = UInt64(row[0] as Int64)
                return item
            }
        }
        #expect(stored.count == 4)
        #expect(try admin.sqliteStore.feedTail.items(after: 0, limit: 100) == stored, "every item committed since opening is held")
        #expect(try await admin.store.workItems(after: 0, limit: 100) == stored)
        #expect(try await admin.store.workItems(after: stored[1].cursor, limit: 1) == [stored[2]])

        let reopened = try await SQLiteAdminStore.open(at: admin.databasePath)
        #expect(reopened.feedTail.items(after: 0, limit: 100) == nil, "items from before the restart are in the table only")
        #expect(try await reopened.workItems(after: 0, limit: 100) == stored)
    }
}
