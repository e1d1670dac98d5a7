import SluiceWire

/// What both catalog stores share about stored entries: how their outputs are read back, and
/// how a digest prefix that names no entry, or several, is refused.
enum StoredEntries {
    /// Stored outputs were written by the catalog from values that passed the wire's checks, so
    /// reading them back allows more bytes than a request may carry.
    static let outputLimits = WireLimits(maxMessageBytes: 1 << 30, maxDepth: WireLimits.default.maxDepth)

    static func noEntry(startingWith prefix: String) -> ServiceError {
        .notFound("no cache entry has a digest starting with \(prefix)")
    }

    static func ambiguous(_ prefix: String, count: Int) -> ServiceError {
        .invalidArgument(
            "digest prefix \(prefix) is ambiguous: \(count) cache entries start with it; give more digits",
            details: [ErrorDetail(message: "matches \(count) entries", field: "digest")])
    }
}
