/// Whole numbers from JSON number text, exactly: "12", and also "12.0" or "1.2e1" when allowed,
/// without a round trip through Double (which cannot hold every Int64).
enum IntegerText {
    enum Reading: Equatable {
        case value(Int64)
        case notIntegral
        case outOfRange
    }

    /// `text` must already match JSON's number grammar.
    static func value(of text: String, allowFraction: Bool) -> Reading {
        if let value = Int64(text) { return .value(value) }
        if JSONValue.isIntegerText(text) { return .outOfRange }
        guard allowFraction else { return .notIntegral }

        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // A huge exponent on a non-zero mantissa is out of range either way.
            guard let parsed = Int(mantissa[mantissa.index(after: e)...].drop(while: { $0 == "+" })) else { return .outOfRange }
            // Clamped so the arithmetic below cannot overflow; the outcome is the same.
            exponent = min(max(parsed, -100_000), 100_000)
            mantissa = mantissa[..<e]
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = String(parts[0] + fraction).drop(while: { $0 == "0" })
        if digits.isEmpty { return .value(0) }
        var scale = exponent - fraction.count
        while scale < 0, digits.last == "0" {
            digits.removeLast()
            scale += 1
        }
        guard scale >= 0 else { return .notIntegral }
        guard digits.count + scale <= 19 else { return .outOfRange }
        let written = (negative ? "-" : "") + digits + String(repeating: "0", count: scale)
        guard let value = Int64(written) else { return .outOfRange }
        return .value(value)
    }
}
