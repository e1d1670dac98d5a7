import SluiceWire

// CONTRACT STUB: the signature is fixed; the body is filled in by the values work.

public enum ContentDigest {
    /// "sha256:<64 lowercase hex digits>" of the bytes.
    public static func sha256(_ bytes: [UInt8]) -> String {
        fatalError("ContentDigest.sha256: not yet implemented")
    }
}
