import Crypto
import SluiceWire

public enum ContentDigest {
    /// "sha256:<64 lowercase hex digits>" of the bytes.
    public static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        // Written digit by digit into the string's own storage: formatting each byte as its own
        // String made hashing a thousand cache keys cost more than everything else the scheduler
        // does for them.
        return String(unsafeUninitializedCapacity: prefix.count + 2 * SHA256.byteCount) { text in
            for (offset, byte) in prefix.enumerated() { text[offset] = byte }
            var position = prefix.count
            digest.withUnsafeBytes { raw in
                for byte in raw {
                    text[position] = hexDigits[Int(byte >> 4)]
                    text[position + 1] = hexDigits[Int(byte & 0x0f)]
                    position += 2
                }
            }
            return position
        }
    }

    private static let prefix = Array("sha256:".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
