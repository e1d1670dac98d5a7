/// A Sluice protobuf message as a Swift value. Every message in `proto/sluice/v1` is one.
///
/// Encoding is canonical: map entries are written in key order, so equal values give equal bytes
/// (and the same bytes as `protoc --encode --deterministic_output`).
public protocol WireMessage: Sendable, Hashable {
    /// The message's full protobuf name, such as "sluice.v1.Literal".
    static var protoName: String { get }

    /// Decodes untrusted bytes. Sizes, nesting and strings are checked before protobuf-c
    /// unpacks anything; every failure is a ``WireError`` naming the type and field.
    init(serializedBytes bytes: [UInt8], limits: WireLimits) throws(WireError)

    /// Encodes the value. Fails only for strings holding NUL, which protobuf-c cannot carry.
    func serializedBytes() throws(WireError) -> [UInt8]
}
