import HeapModule
import SluiceEngine
import SluiceWire

/// The deadlines executions asked for, earliest first.
struct TimerSchedule {
    struct Entry: Comparable {
        let at: Timestamp
        let order: UInt64
        let executionID: String
        let key: TimerKey

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.at, lhs.order) < (rhs.at, rhs.order) }
        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.at == rhs.at && lhs.order == rhs.order }
    }

    private var heap = Heap<Entry>()
    private var count: UInt64 = 0

    var earliest: Timestamp? { heap.min?.at }

    mutating func add(at: Timestamp, executionID: String, key: TimerKey) {
        count += 1
        heap.insert(Entry(at: at, order: count, executionID: executionID, key: key))
    }

    /// Removes and returns the entries due at `now`.
    mutating func popDue(now: Timestamp) -> [Entry] {
        var due: [Entry] = []
        while let first = heap.min, first.at <= now { due.append(heap.removeMin()) }
        return due
    }
}
