/// A Sluice protobuf message as a Swift value. Every message in `proto/sluice/v1` is one.
///
/// Encoding is canonical: map entries are written in UTF-8 key order, so a value gives the same
/// bytes however its maps were built, and the same bytes as `protoc --encode
/// --deterministic_output`. The bytes keep exactly what the value holds: strings are not
/// normalised and -0.0 keeps its sign, although Swift's `==` treats "é" as equal to "e\u{301}"
/// and -0.0 as equal to 0.0. One exception comes from protobuf-c: a -0.0 in a plain double field
/// outside a oneof (such as `RetryPolicy.backoff_multiplier`) is written as 0.0.
public protocol WireMessage: Sendable, Hashable {
    /// The message's full protobuf name, such as "sluice.v1.Literal".
    static var protoName: String { get }

    /// Decodes untrusted bytes. Sizes, nesting and strings are checked before protobuf-c
    /// unpacks anything; every failure is a ``WireError`` naming the type and field.
    init(serializedBytes bytes: [UInt8], limits: WireLimits) throws(WireError)

    /// Encodes the value. Fails only for strings holding NUL, which protobuf-c cannot carry.
    func serializedBytes() throws(WireError) -> [UInt8]
}
