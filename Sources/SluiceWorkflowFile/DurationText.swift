import Foundation

/// Durations as people write them in workflow files: a number and a unit, or several
/// ("250ms", "30s", "1.5s", "2m", "1h30m", "1d"). A bare number is refused: "30" could mean
/// seconds or milliseconds, and a wrong guess is a timeout off by a factor of 1000.
public enum DurationText {
    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
        public init(message: String) { self.message = message }
    }

    /// The duration `text` spells out; throws naming what is wrong with it.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(message: "a duration must not be empty") }
        if Double(trimmed) != nil {
            throw ParseError(message: "'\(trimmed)' has no unit; write e.g. \(trimmed)s or \(trimmed)ms")
        }
        var total = Duration.zero
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            guard let match = rest.prefixMatch(of: /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/),
                  let amount = Double(match.1) else {
                throw ParseError(message: "'\(trimmed)' is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 30s or 1m30s")
            }
            let seconds: Double = switch match.2 {
            case "ms": amount / 1000
            case "s": amount
            case "m": amount * 60
            case "h": amount * 3600
            default: amount * 86_400
            }
            // About 300 years: far beyond any timeout, and safely inside Duration's range.
            guard seconds < 1e10 else { throw ParseError(message: "'\(trimmed)' is too long") }
            total += .milliseconds(Int64((seconds * 1000).rounded()))
            rest = rest[match.range.upperBound...]
        }
        return total
    }
}
