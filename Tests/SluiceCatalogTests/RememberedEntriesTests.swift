@testable import SluiceCatalog
import SluiceWire
import Testing

@Suite("Entries remembered in memory")
struct RememberedEntriesTests {
    func entry(_ n: Int) -> CacheEntry {
        CacheEntry(key: Samples.key(n), digest: "sha256:\(n)", outputs: ["y": .int(Int64(n))])
    }

    @Test("remembered entries stay within their memory budget, the oldest forgotten first")
    func budget() {
        // Each small entry is reckoned at 512 bytes: room for ten.
        let remembered = RememberedEntries(byteBudget: 10 * 512, largestEntry: 512)
        remembered.remember((0..<25).map { (entry($0), 0) })
        #expect(remembered.hitAll(["sha256:14"], at: 1) == nil)
        #expect(remembered.hitAll((15..<25).map { "sha256:\($0)" }, at: 1)?.entries.map(\.digest) == (15..<25).map { "sha256:\($0)" })
    }

    @Test("an entry larger than the largest remembered is never remembered")
    func largeEntries() {
        let remembered = RememberedEntries(byteBudget: 64 * 1024, largestEntry: 4_096)
        remembered.remember([(entry(1), 2_048), (entry(2), 10)])
        #expect(remembered.hitAll(["sha256:1"], at: 1) == nil)
        #expect(remembered.hitAll(["sha256:2"], at: 1) != nil)
    }

    @Test("hits are pending until taken, and forgetting an entry stops hits on it")
    func pendingAndForgetting() {
        let remembered = RememberedEntries()
        remembered.remember([(entry(1), 10), (entry(2), 10)])
        let first = remembered.hitAll(["sha256:1", "sha256:1"], at: 5)
        #expect(first?.entries.map(\.hits) == [1, 2])
        #expect(first?.scheduleWrite == true)
        #expect(remembered.hitAll(["sha256:2"], at: 6)?.scheduleWrite == false)
        #expect(remembered.hasPendingHits)
        _ = remembered.takePending(forgetting: .digests(["sha256:1"]))
        #expect(!remembered.hasPendingHits)
        #expect(remembered.hitAll(["sha256:1"], at: 7) == nil)
        #expect(remembered.hitAll(["sha256:2"], at: 7)?.entries.first?.hits == 2)
    }
}
