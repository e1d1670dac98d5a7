import Foundation
import GRDB
import SluiceSQLite
import SluiceTestSupport
import Testing

@Suite("Copying the write-ahead log into the database file", .needsQuietMachine)
struct BackgroundCheckpointTests {
    @Test("what was committed reaches the database file soon after, without a commit doing it, and stays readable after a reopen")
    func committedPagesReachTheFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: "CREATE TABLE blobs (b BLOB NOT NULL)") }
        let pool = try await SQLiteDatabase.open(at: path, label: "test", service: "test", migrator: migrator)
        func fileBytes() throws -> Int {
            try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        }
        let before = try fileBytes()
        // 2 MB in one transaction: about 500 log pages, well under the count at which the writer
        // would copy them itself.
        let blob = Data(repeating: 7, count: 4_000)
        try await pool.write { db in
            for _ in 0..<500 { try db.execute(sql: "INSERT INTO blobs (b) VALUES (?)", arguments: [blob]) }
        }
        #expect(try fileBytes() - before < 1_000_000, "the commit itself leaves the pages in the log")
        let deadline = ContinuousClock.now + .seconds(10)
        while try fileBytes() - before < 2_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try fileBytes() - before >= 2_000_000)
        try pool.close()

        let reopened = try await SQLiteDatabase.open(at: path, label: "test", service: "test", migrator: migrator)
        #expect(try await reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs") } == 500)
    }
}
