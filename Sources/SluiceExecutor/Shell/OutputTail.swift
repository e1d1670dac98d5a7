/// The last bytes a process wrote to one of its pipes: memory stays bounded however much it
/// writes, and the end (where errors usually are) is kept.
struct OutputTail: Sendable {
    let capacity: Int
    private var storage: [UInt8] = []
    /// Everything the process wrote, including what was dropped.
    private(set) var totalBytes = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether bytes were dropped from the front.
    var isTruncated: Bool { totalBytes > capacity }

    var bytes: ArraySlice<UInt8> { storage.suffix(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        totalBytes += chunk.count
        storage.append(contentsOf: chunk.suffix(capacity))
        // Trimmed only once it holds twice the capacity, so that each byte is moved a bounded
        // number of times however small the chunks.
        if storage.count > 2 * capacity { storage.removeFirst(storage.count - capacity) }
    }

    /// The last `maxLines` lines, at most `maxBytes` of them, for an error's stderr_tail.
    func lastLines(_ maxLines: Int = 20, maxBytes: Int = 4096) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var tail = lines.suffix(maxLines).joined(separator: "\n")
        if tail.utf8.count > maxBytes {
            // Cut at a character boundary so that the tail stays valid text.
            let utf8 = tail.utf8
            var start = utf8.index(utf8.endIndex, offsetBy: -maxBytes)
            while start < utf8.endIndex, UTF8.isContinuation(utf8[start]) { start = utf8.index(after: start) }
            tail = String(tail[start...])
        }
        return tail
    }
}
