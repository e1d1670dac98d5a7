extension Dictionary {
    /// Runs `body` on the value stored for `key`, where it is stored; nil when there is none.
    /// `dictionary[key]?.field = x` copies the whole value out and back instead, and a node's
    /// runtime is close to a kilobyte that the machine changes a few times per event.
    @inline(__always)
    @discardableResult
    mutating func update<Result>(_ key: Key, _ body: (inout Value) throws -> Result) rethrows -> Result? {
        guard let index = index(forKey: key) else { return nil }
        return try body(&values[index])
    }

    /// Reads from the value stored for `key` without copying it; nil when there is none.
    /// Mutating only because the standard library's read of a stored value copies it, and
    /// its in-place access is the one that writes.
    @inline(__always)
    mutating func read<Result>(_ key: Key, _ body: (borrowing Value) throws -> Result) rethrows -> Result? {
        try update(key) { value in try body(value) }
    }
}
