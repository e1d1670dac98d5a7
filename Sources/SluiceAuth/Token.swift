import Crypto
import Foundation

/// Tokens are 32 random bytes in base64url behind a `sluice_` prefix (which secret scanners can
/// look for). Services keep only their SHA-256: a principals file that leaks gives no one a
/// token. An unsalted hash suffices because the tokens are random, not chosen by people.
public enum Token {
    public static let prefix = "sluice_"

    /// A new token, from the system's secure random source.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// "sha256:<64 hex digits>": how a principals file names a token.
    /// Asked on every call a service answers: hex written digit by digit, not formatted.
    public static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return hashPrefix + String(decoding: hex, as: UTF8.self)
    }

    public static let hashPrefix = "sha256:"

    /// Whether `text` is written as ``hash(_:)`` writes hashes.
    static func isHash(_ text: String) -> Bool {
        guard text.hasPrefix(hashPrefix) else { return false }
        let digits = text.dropFirst(hashPrefix.count)
        return digits.count == 64 && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
