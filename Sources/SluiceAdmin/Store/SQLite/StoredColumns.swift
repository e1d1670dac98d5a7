import Foundation
import GRDB
import SluiceWire

/// How messages, times and page tokens are kept in SQLite columns.
enum StoredColumns {
    /// Stored messages were written by this service from values that passed the wire's checks,
    /// and an execution or node grows as events add to it, so reading them back allows more
    /// bytes than a request may carry. The nesting bound still protects the stack.
    static let limits = WireLimits(maxMessageBytes: 1 << 30, maxDepth: 200)

    static func blob(_ message: some WireMessage) throws -> Data {
        Data(try message.serializedBytes())
    }

    /// The message stored in a row's column, or a clear error when the row does not hold one.
    static func message<M: WireMessage>(_ type: M.Type, in row: Row, at index: Int) throws -> M {
        guard let bytes = try row.withUnsafeData(atIndex: index, { $0.map { [UInt8]($0) } }) else {
            throw StoreCorruption("a \(M.protoName) column is empty")
        }
        do {
            return try M(serializedBytes: bytes, limits: limits)
        } catch {
            throw StoreCorruption("a stored \(M.protoName) cannot be read: \(error)")
        }
    }

    /// Nanoseconds since 1970, saturating at Int64's range (years 1677 to 2262), which is
    /// ample for ordering.
    static func nanoseconds(_ timestamp: Timestamp) -> Int64 {
        let (scaled, overflow) = timestamp.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return timestamp.seconds < 0 ? .min : .max }
        let (total, overflowed) = scaled.addingReportingOverflow(Int64(timestamp.nanos))
        return overflowed ? .max : total
    }

    static func timestamp(nanoseconds: Int64) -> Timestamp {
        let (seconds, nanos) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return nanos < 0
            ? Timestamp(seconds: seconds - 1, nanos: Int32(nanos + 1_000_000_000))
            : Timestamp(seconds: seconds, nanos: Int32(nanos))
    }

    /// A wire sequence number or cursor as SQLite's signed integer. Values past Int64's range
    /// cannot have been stored, so they clamp to its top.
    static func integer(_ value: UInt64) -> Int64 {
        Int64(clamping: value)
    }

    /// The row id a page token names; tokens are the row id of a page's last item.
    static func row(fromPageToken token: String) throws -> Int64? {
        if token.isEmpty { return nil }
        guard let row = Int64(token), row > 0 else {
            throw ServiceError.invalidArgument("page_token '\(token)' is not a token this listing issued")
        }
        return row
    }

    /// Trims a fetch of `limit + 1` rows to a page, with a token when more follow.
    static func page<Item: Sendable>(_ fetched: [(row: Int64, item: Item)], limit: Int) -> Page<Item> {
        guard fetched.count > limit else { return Page(items: fetched.map(\.item), nextPageToken: "") }
        let kept = fetched.prefix(limit)
        return Page(items: kept.map(\.item), nextPageToken: kept.last.map { String($0.row) } ?? "")
    }
}

/// The database holds something this service could not have written.
struct StoreCorruption: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "the admin database is damaged: \(description)" }
}
