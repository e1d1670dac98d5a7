/// Where the services listen unless configured otherwise (DESIGN.md), and where clients and the
/// CLI look for them.
public enum DefaultAddresses {
    public static let admin = "tcp://127.0.0.1:7100"
    public static let scheduler = "tcp://127.0.0.1:7200"
    public static let catalog = "tcp://127.0.0.1:7300"
}
