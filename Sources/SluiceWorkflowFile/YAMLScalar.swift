import Foundation
import Yams

/// What a YAML scalar means in a workflow file. Sluice reads scalars by the YAML 1.2 core rules,
/// not YAML 1.1's: `yes`, `no`, `on` and `off` are text, `017` is the number 17 and `1:30` is
/// text, so that a value never changes type behind the writer's back. Quoted scalars are always
/// text.
enum YAMLScalar: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// `!!binary`: base64 text.
    case binary(String)

    init(_ scalar: Yams.Node.Scalar) {
        let text = scalar.string
        switch scalar.tag.description {
        case Tag.Name.str.rawValue:
            self = .string(text)
            return
        case Tag.Name.binary.rawValue:
            self = .binary(text)
            return
        default:
            break
        }
        guard scalar.style == .plain || scalar.style == .any else {
            self = .string(text)
            return
        }
        self = Self.plain(text)
    }

    static func plain(_ text: String) -> YAMLScalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if text.wholeMatch(of: /[-+]?[0-9]+/) != nil {
            // Out of Int64's range: a float, as YAML 1.2 core allows, rather than a silent wrap.
            if let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(value) }
            if let value = Double(text) { return .float(value) }
        }
        if let match = text.wholeMatch(of: /0x([0-9a-fA-F]+)/), let value = Int64(match.1, radix: 16) { return .int(value) }
        if let match = text.wholeMatch(of: /0o([0-7]+)/), let value = Int64(match.1, radix: 8) { return .int(value) }
        if text.wholeMatch(of: /[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?/) != nil, let value = Double(text) {
            return .float(value)
        }
        return .string(text)
    }
}
