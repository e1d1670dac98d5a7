#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SluiceWire

/// Reads JSON values as declared types, naming the path of whatever does not fit.
enum LiteralJSONDecoding {
    /// `strictNumbers` reads numbers only as what they are written as: "1.0" is not an int and
    /// "1" is not a float. Unions try every variant strictly first, so that a union of int and
    /// float, in either order, keeps each number's kind; then each variant leniently, in order.
    static func decode(_ json: JSONValue, as type: LiteralType, at path: String, strictNumbers: Bool = false) throws(LiteralParseError) -> Literal {
        func mismatch() -> LiteralParseError {
            LiteralParseError(path: path, message: "expected \(type.typeDescription), found \(json.kindDescription)")
        }
        switch (type, json) {
        case (.simple(let simple), _):
            return try decodeSimple(json, as: simple, at: path, strictNumbers: strictNumbers)
        case (.collection(let element), .array(let elements)):
            var values: [Literal] = []
            values.reserveCapacity(elements.count)
            for (index, value) in elements.enumerated() {
                values.append(try decode(value, as: element, at: "\(path)[\(index)]", strictNumbers: strictNumbers))
            }
            return .collection(values)
        case (.map(let valueType), .object(let members)):
            var entries: [String: Literal] = [:]
            for key in members.keys.sorted() {
                entries[key] = try decode(members[key] ?? .null, as: valueType, at: join(path, key), strictNumbers: strictNumbers)
            }
            return .map(entries)
        case (.struct(let structType), .object(let members)):
            return try decodeStruct(members, as: structType, at: path, strictNumbers: strictNumbers)
        case (.blob, .object(let members)):
            let blob = try decodeBlob(members, at: path)
            // The declared format or dimensionality may rule the blob out.
            if let problem = type.mismatches(of: blob, at: path).first {
                throw LiteralParseError(path: path, message: "expected \(problem.expected), found \(problem.found)")
            }
            return blob
        case (.union(let variants), _):
            for strict in [true, false] {
                for variant in variants {
                    if let value = try? decode(json, as: variant, at: path, strictNumbers: strict) { return value }
                }
            }
            throw mismatch()
        default:
            throw mismatch()
        }
    }

    private static func decodeSimple(_ json: JSONValue, as simple: SimpleType, at path: String, strictNumbers: Bool) throws(LiteralParseError) -> Literal {
        func mismatch(_ detail: String? = nil) -> LiteralParseError {
            LiteralParseError(path: path, message: "expected \(simple.name.lowercased()), found \(detail ?? json.kindDescription)")
        }
        switch (simple, json) {
        case (.int, .number(let text)):
            switch IntegerText.value(of: text, allowFraction: !strictNumbers) {
            case .value(let value): return .int(value)
            case .notIntegral: throw mismatch("the number \(text), which is not a whole number")
            case .outOfRange: throw LiteralParseError(path: path, message: "the number \(text) is out of range for an int")
            }
        case (.float, .number(let text)):
            if strictNumbers, JSONValue.isIntegerText(text) { throw mismatch("the whole number \(text)") }
            guard let value = Double(text), value.isFinite else {
                throw LiteralParseError(path: path, message: "the number \(text) is out of range for a float")
            }
            return .float(value)
        case (.float, .string(let text)):
            switch text {
            case "NaN": return .float(.nan)
            case "Infinity": return .float(.infinity)
            case "-Infinity": return .float(-.infinity)
            default: throw mismatch()
            }
        case (.string, .string(let text)): return .string(text)
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.bytes, .string(let text)):
            guard let data = Data(base64Encoded: text) else { throw mismatch("a string that is not base64") }
            return .bytes(Array(data))
        case (.datetime, .string(let text)):
            guard let timestamp = RFC3339.parse(text) else { throw mismatch("\(json.kindDescription), which is not an RFC 3339 datetime") }
            return .datetime(timestamp)
        case (.duration, .string(let text)):
            guard let duration = DurationText.parse(text) else { throw mismatch("\(json.kindDescription), which is not a duration such as \"1.5s\" or \"1h30m\"") }
            return .duration(duration)
        case (.duration, .number(let text)):
            guard let duration = durationFromSeconds(text) else { throw LiteralParseError(path: path, message: "\(text) seconds is out of range for a duration") }
            return .duration(duration)
        case (.none, .null): return .none
        case (.struct, .object(let members)): return .map(members.mapValues(naturalValue))
        case (.error, .object(let members)): return try decodeError(members, at: path)
        case (.unspecified, _):
            throw LiteralParseError(path: path, message: "the declared type is unspecified")
        default:
            throw mismatch()
        }
    }

    private static func durationFromSeconds(_ text: String) -> Duration? {
        if let exact = DurationText.parse(text) { return exact }
        // Exponent forms ("1e3") go through a Double; precision past the nanosecond is moot there.
        guard let seconds = Double(text), seconds.isFinite,
              abs(seconds) < Double(DurationText.maxSeconds + 1) else { return nil }
        return DurationText.duration(nanoseconds: Int128((seconds * 1e9).rounded()))
    }

    private static func decodeStruct(_ members: [String: JSONValue], as structType: StructType, at path: String, strictNumbers: Bool) throws(LiteralParseError) -> Literal {
        var entries: [String: Literal] = [:]
        let declared = Set(structType.fields.map(\.name))
        if let unknown = members.keys.sorted().first(where: { !declared.contains($0) }) {
            throw LiteralParseError(path: join(path, unknown), message: "no such field in \(structType.displayName)")
        }
        for field in structType.fields {
            let fieldPath = join(path, field.name)
            guard let fieldType = field.type else {
                throw LiteralParseError(path: fieldPath, message: "the field has no declared type")
            }
            if let value = members[field.name] {
                entries[field.name] = try decode(value, as: fieldType, at: fieldPath, strictNumbers: strictNumbers)
            } else if !fieldType.accepts(.none) {
                throw LiteralParseError(path: fieldPath, message: "missing field of type \(fieldType.typeDescription)")
            }
        }
        return .map(entries)
    }

    private static func decodeBlob(_ members: [String: JSONValue], at path: String) throws(LiteralParseError) -> Literal {
        var blob = BlobRef()
        for key in members.keys.sorted() {
            let value = members[key] ?? .null
            let keyPath = join(path, key)
            func text() throws(LiteralParseError) -> String {
                guard case .string(let text) = value else {
                    throw LiteralParseError(path: keyPath, message: "expected a string, found \(value.kindDescription)")
                }
                return text
            }
            switch key {
            case "uri": blob.uri = try text()
            case "content_hash": blob.contentHash = try text()
            case "format": blob.format = try text()
            case "size":
                guard case .number(let digits) = value, let size = UInt64(digits) else {
                    throw LiteralParseError(path: keyPath, message: "expected a byte count, found \(value.kindDescription)")
                }
                blob.size = size
            case "dimensionality":
                let name = try text().uppercased()
                guard let dimensionality = BlobDimensionality.allCases.first(where: { $0.name == name }) else {
                    throw LiteralParseError(path: keyPath, message: "expected \"single\" or \"multipart\", found \(value.kindDescription)")
                }
                blob.dimensionality = dimensionality
            default:
                throw LiteralParseError(path: keyPath, message: "no such field in a blob (uri, content_hash, size, format, dimensionality)")
            }
        }
        guard !blob.uri.isEmpty else { throw LiteralParseError(path: join(path, "uri"), message: "a blob needs a uri") }
        return .blob(blob)
    }

    private static func decodeError(_ members: [String: JSONValue], at path: String) throws(LiteralParseError) -> Literal {
        var error = LiteralError()
        guard case .string(let message)? = members["error"] else {
            throw LiteralParseError(path: join(path, "error"), message: "an error needs an \"error\" message string")
        }
        error.message = message
        for key in members.keys.sorted() where key != "error" {
            guard case .string(let text)? = members[key] else {
                throw LiteralParseError(path: join(path, key), message: "expected a string, found \(members[key]?.kindDescription ?? "nothing")")
            }
            switch key {
            case "code": error.code = text
            case "node_id": error.nodeID = text
            case "kind":
                guard let kind = ErrorKind.allCases.first(where: { $0.name == text.uppercased() }) else {
                    throw LiteralParseError(path: join(path, key), message: "expected \"user\" or \"system\", found \(text.debugDescription)")
                }
                error.kind = kind
            default:
                throw LiteralParseError(path: join(path, key), message: "no such field in an error (error, kind, code, node_id)")
            }
        }
        return .error(error)
    }

    /// A JSON value as the value it naturally is, for generic structs: whole numbers that fit
    /// are ints, other numbers floats, objects maps.
    static func naturalValue(_ json: JSONValue) -> Literal {
        switch json {
        case .null: .none
        case .bool(let flag): .bool(flag)
        case .number(let text):
            if JSONValue.isIntegerText(text), let value = Int64(text) {
                .int(value)
            } else {
                .float(Double(text) ?? .nan)
            }
        case .string(let text): .string(text)
        case .array(let elements): .collection(elements.map(naturalValue))
        case .object(let members): .map(members.mapValues(naturalValue))
        }
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
