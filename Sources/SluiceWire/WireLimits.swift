/// Bounds on what a decoder accepts from untrusted bytes.
public struct WireLimits: Hashable, Sendable {
    /// Largest message accepted, in bytes. Large data belongs in blobs, not messages.
    public var maxMessageBytes: Int
    /// Deepest nesting of messages accepted. protobuf-c unpacks recursively with no limit of its
    /// own, so deeper input could overflow the stack; it is refused before unpacking.
    public var maxDepth: Int

    public init(maxMessageBytes: Int = 16 << 20, maxDepth: Int = 100) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = WireLimits()
}
