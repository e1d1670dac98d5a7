#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SluiceWire

extension JSONValue {
    /// The JSON form of a value, as ``LiteralJSON`` documents it.
    init(_ literal: Literal) {
        switch literal {
        case .int(let value): self = .number(String(value))
        case .float(let value): self = JSONValue.float(value)
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        case .bytes(let value): self = .string(Data(value).base64EncodedString())
        case .datetime(let value): self = .string(RFC3339.format(value))
        case .duration(let value): self = .string(DurationText.format(value))
        case .none: self = .null
        case .collection(let elements): self = .array(elements.map(JSONValue.init))
        case .map(let entries): self = .object(entries.mapValues(JSONValue.init))
        case .blob(let blob): self = JSONValue.blob(blob)
        case .error(let error): self = JSONValue.error(error)
        }
    }

    /// Finite floats as numbers that always read back as floats ("1.0", "1e-07"); the others as
    /// the strings "NaN", "Infinity" and "-Infinity", since JSON has no numbers for them.
    private static func float(_ value: Double) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        return .number(value.description)
    }

    private static func blob(_ blob: BlobRef) -> JSONValue {
        var members: [String: JSONValue] = [
            "uri": .string(blob.uri),
            "content_hash": .string(blob.contentHash),
            "size": .number(String(blob.size)),
            "format": .string(blob.format),
        ]
        if blob.dimensionality != .unspecified {
            members["dimensionality"] = .string(blob.dimensionality.name.lowercased())
        }
        return .object(members)
    }

    private static func error(_ error: LiteralError) -> JSONValue {
        var members: [String: JSONValue] = ["error": .string(error.message)]
        if error.kind != .unspecified { members["kind"] = .string(error.kind.name.lowercased()) }
        if !error.code.isEmpty { members["code"] = .string(error.code) }
        if !error.nodeID.isEmpty { members["node_id"] = .string(error.nodeID) }
        return .object(members)
    }
}
