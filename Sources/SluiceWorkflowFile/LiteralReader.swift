import Foundation

/// YAML values as Literals. With a declared type (the callee's input, a default) the value is
/// read as that type, so `3` bound to a `float` input is 3.0, `"90s"` for a `duration` is 90
/// seconds, and a mismatch is an error naming the type. Without one (a callee registered
/// elsewhere) YAML's own types are taken: numbers, true/false, null, text, lists and mappings.
enum LiteralReader {
    /// The value `entry` writes, read as `type` when there is one.
    static func literal(_ entry: YAMLEntry, as type: LiteralType?) throws(WorkflowFileError) -> Literal {
        guard let type else { return try natural(entry) }
        return try typed(entry, type)
    }

    static func natural(_ entry: YAMLEntry) throws(WorkflowFileError) -> Literal {
        switch entry.node {
        case .sequence:
            return .collection(try entry.sequence(what: "a list").map { element throws(WorkflowFileError) in try natural(element) })
        case .mapping:
            var values: [String: Literal] = [:]
            for (key, value) in try entry.openMapping(what: "a value").entries {
                values[key] = try natural(value)
            }
            return .map(values)
        case .alias:
            throw entry.error("aliases are not supported here")
        case .scalar:
            switch entry.scalar {
            case .null?: return .none
            case .bool(let value)?: return .bool(value)
            case .int(let value)?: return .int(value)
            case .float(let value)?: return .float(value)
            case .binary(let text)?: return .bytes(try bytes(text, entry))
            case .string(let text)?: return .string(try plainText(text, entry))
            case nil: return .none
            }
        }
    }

    /// Text that is a value, not a reference: `$$x` is "$x"; `$x` is refused here.
    static func plainText(_ text: String, _ entry: YAMLEntry) throws(WorkflowFileError) -> String {
        guard text.hasPrefix("$") else { return text }
        if text.hasPrefix("$$") { return String(text.dropFirst()) }
        throw entry.error("'\(text)' is a reference, and references are not allowed here (write $$ for a literal $)")
    }

    static func typed(_ entry: YAMLEntry, _ type: LiteralType) throws(WorkflowFileError) -> Literal {
        func mismatch() -> WorkflowFileError {
            entry.error("expected \(TypeText.format(type)), found \(entry.kindDescription)")
        }
        if entry.isNull {
            guard type.accepts(.none) else { throw mismatch() }
            return .none
        }
        switch type {
        case .simple(let simple):
            return try simpleValue(entry, simple, mismatch)
        case .collection(let element):
            guard case .sequence = entry.node else { throw mismatch() }
            return .collection(try entry.sequence(what: "a list").map { item throws(WorkflowFileError) in try typed(item, element) })
        case .map(let valueType):
            guard case .mapping = entry.node else { throw mismatch() }
            var values: [String: Literal] = [:]
            for (key, value) in try entry.openMapping(what: "a map").entries {
                values[key] = try typed(value, valueType)
            }
            return .map(values)
        case .struct(let structType):
            let mapping = try entry.mapping(allowed: structType.fields.map(\.name), what: TypeText.format(type))
            var values: [String: Literal] = [:]
            for field in structType.fields {
                if let value = mapping[field.name] {
                    values[field.name] = try literal(value, as: field.type)
                } else if !(field.type?.accepts(.none) ?? true) {
                    throw entry.error("missing field '\(field.name)'")
                }
            }
            return .map(values)
        case .blob:
            let mapping = try entry.mapping(allowed: ["uri", "content_hash", "size", "format"], what: "a blob")
            var blob = BlobRef()
            blob.uri = try mapping.required("uri", what: "a blob").nonEmptyText(what: "uri")
            if let hash = mapping["content_hash"] { blob.contentHash = try hash.text(what: "content_hash") }
            if let size = mapping["size"] { blob.size = UInt64(try size.integer(what: "size", range: 0...Int64.max)) }
            if let format = mapping["format"] { blob.format = try format.text(what: "format") }
            return .blob(blob)
        case .union(let variants):
            // The first variant the value reads as, in the order the type lists them.
            for variant in variants where variant != .simple(.none) {
                if let value = try? typed(entry, variant) { return value }
            }
            throw mismatch()
        }
    }

    private static func simpleValue(
        _ entry: YAMLEntry, _ simple: SimpleType, _ mismatch: () -> WorkflowFileError
    ) throws(WorkflowFileError) -> Literal {
        let scalar = entry.scalar
        switch simple {
        case .int:
            guard case .int(let value)? = scalar else { throw mismatch() }
            return .int(value)
        case .float:
            switch scalar {
            case .int(let value)?: return .float(Double(value))
            case .float(let value)?: return .float(value)
            default: throw mismatch()
            }
        case .bool:
            guard case .bool(let value)? = scalar else { throw mismatch() }
            return .bool(value)
        case .string:
            // Any scalar is text as written: `version: 1.10` stays "1.10".
            guard case .scalar(let raw) = entry.node else { throw mismatch() }
            return .string(try plainText(raw.string, entry))
        case .bytes:
            switch scalar {
            case .binary(let text)?, .string(let text)?: return .bytes(try bytes(text, entry))
            default: throw mismatch()
            }
        case .duration:
            guard case .scalar(let raw) = entry.node else { throw mismatch() }
            do {
                return .duration(try DurationText.parse(raw.string))
            } catch {
                throw entry.error("expected a duration: \(error.message)")
            }
        case .datetime:
            guard case .scalar(let raw) = entry.node else { throw mismatch() }
            do {
                return try Literal.parse(raw.string, as: .simple(.datetime))
            } catch {
                throw entry.error("expected a datetime such as 2026-01-31T09:00:00Z: \(error.message)")
            }
        case .none:
            throw mismatch()
        case .struct:
            guard case .mapping = entry.node else { throw mismatch() }
            return try natural(entry)
        case .error, .unspecified:
            throw entry.error("values of type \(simple.name.lowercased()) cannot be written in a workflow file")
        }
    }

    private static func bytes(_ text: String, _ entry: YAMLEntry) throws(WorkflowFileError) -> [UInt8] {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { throw entry.error("bytes must be written in base64") }
        return [UInt8](data)
    }
}
