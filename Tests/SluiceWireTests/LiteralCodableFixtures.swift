#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SluiceWire

// Types a workflow author might pass between tasks, shared by the LiteralCodable test files.

struct Row: Codable, Equatable, Sendable {
    var name: String
    var count: Int
    var weight: Double
    var tags: [String]
    var note: String?
}

struct Owner: Codable, Equatable, Sendable {
    var login: String
    var teams: [String: [Int]]
}

struct Table: Codable, Equatable, Sendable {
    var title: String
    var rows: [Row]
    var index: [String: Int]
    var grid: [[Int8]]
    var owner: Owner?
    var flags: [Bool?]
}

enum Color: String, Codable, Equatable, Sendable {
    case red, green
}

enum Priority: Int, Codable, Equatable, Sendable {
    case low = 1
    case high = 10
}

enum Shape: Codable, Equatable, Sendable {
    case circle(radius: Double)
    case rect(Double, Double)
    case labelled(String, color: Color)
    case point
}

struct Palette: Codable, Equatable, Sendable {
    var primary: Color
    var priority: Priority
    var shapes: [Shape]
}

struct Artifact: Codable, Equatable, Sendable {
    var createdAt: Date
    var payload: Data
    var timeout: Duration
    var source: URL
    var checkedAt: Date?
}

/// A task input that carries an arbitrary literal alongside typed fields.
struct Envelope: Codable, Equatable, Sendable {
    var id: String
    var payload: Literal
    var extra: Literal?
}

struct Empty: Codable, Equatable, Sendable {}

struct Inputs: Codable, Equatable, Sendable {
    var rows: [Int]
}

struct Job: Codable, Equatable, Sendable {
    var inputs: Inputs
}

struct Counters: Codable, Equatable, Sendable {
    var small: UInt8
    var big: UInt64
}

extension Row {
    static let sample = Row(name: "alpha", count: 3, weight: 0.5, tags: ["x", "y"], note: nil)
}

extension Table {
    static let sample = Table(
        title: "inventory",
        rows: [.sample, Row(name: "beta", count: -7, weight: 1e-3, tags: [], note: "checked")],
        index: ["alpha": 0, "beta": 1, "gamma": 2],
        grid: [[1, 2], [], [-128, 127]],
        owner: Owner(login: "ada", teams: ["core": [1, 2], "ops": []]),
        flags: [true, nil, false])
}

/// `codingPath` as strings, positions as their integer, for comparing with expectations.
func pathStrings(_ path: [any CodingKey]) -> [String] {
    path.map { key in key.intValue.map(String.init) ?? key.stringValue }
}

extension DecodingError {
    var context: Context? {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context),
             .keyNotFound(_, let context), .dataCorrupted(let context):
            context
        @unknown default:
            nil
        }
    }
}

extension EncodingError {
    var context: Context? {
        switch self {
        case .invalidValue(_, let context): context
        @unknown default: nil
        }
    }
}
