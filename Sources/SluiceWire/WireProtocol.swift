/// The version of the protocol in `proto/sluice/v1`. Requests state it in their header.
public enum WireProtocol {
    public static let version: UInt32 = 1
}
