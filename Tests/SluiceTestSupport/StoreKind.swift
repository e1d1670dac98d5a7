import Testing

/// The stores the suites run against: every test of what a store keeps, and the end-to-end
/// suites that matter, run on both.
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public var testDescription: String { rawValue }
}
