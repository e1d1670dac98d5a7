#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Constants where a future is expected, so that a typed call's input can be set to `3` or
// `"text"` as a struct field would be; other Codable values go through `.constant(_:)`.

extension Future where Value: Codable {
    /// A constant of any Codable type, as a future: `$0.point = .constant(Point(x: 1, y: 2))`.
    public static func constant(_ value: Value) -> Future<Value> {
        Future(.constant(value))
    }
}

extension Future: ExpressibleByIntegerLiteral where Value == Int {
    public init(integerLiteral value: Int) { self.init(.constant(value)) }
}

extension Future: ExpressibleByFloatLiteral where Value == Double {
    public init(floatLiteral value: Double) { self.init(.constant(value)) }
}

extension Future: ExpressibleByBooleanLiteral where Value == Bool {
    public init(booleanLiteral value: Bool) { self.init(.constant(value)) }
}

extension Future: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral, ExpressibleByStringLiteral
where Value == String {
    public init(stringLiteral value: String) { self.init(.constant(value)) }
}
