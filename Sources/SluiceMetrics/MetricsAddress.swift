import Foundation
/// Where a service serves its metrics: `host:port` (`0.0.0.0:9100`, `127.0.0.1:0` for any free
/// port), or nothing for no metrics.
public struct MetricsAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    /// nil for an empty text; throws a message for anything that is not `host:port`.
    public static func parse(_ text: String) throws(MetricsAddressError) -> MetricsAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
              (0...65_535).contains(port), colon != trimmed.startIndex
        else {
            throw MetricsAddressError("'\(trimmed)' is not host:port, such as 0.0.0.0:9100")
        }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return MetricsAddress(host: host, port: port)
    }
}

public struct MetricsAddressError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
