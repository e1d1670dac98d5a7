import Crypto
import SluiceWire

public enum ContentDigest {
    /// "sha256:<64 lowercase hex digits>" of the bytes.
    public static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        // Written digit by digit: formatting each byte as its own String made hashing a
        // thousand cache keys cost more than everything else the scheduler does for them.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = Array("sha256:".utf8)
        text.reserveCapacity(7 + 64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
