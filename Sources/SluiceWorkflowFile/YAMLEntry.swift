import Foundation
import Yams

/// One node of the parsed document together with where it is (its path and line), so that every
/// error can name the place the user has to fix.
struct YAMLEntry {
    let node: Yams.Node
    let path: String
    let source: String

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> WorkflowFileError {
        WorkflowFileError(source: source, line: line, path: path, message: message)
    }

    /// The entry under `key` of this mapping, for paths such as "tasks[0].inputs".
    func child(_ node: Yams.Node, key: String) -> YAMLEntry {
        YAMLEntry(node: node, path: path.isEmpty ? key : "\(path).\(key)", source: source)
    }

    func child(_ node: Yams.Node, index: Int) -> YAMLEntry {
        YAMLEntry(node: node, path: "\(path)[\(index)]", source: source)
    }

    /// The scalar's meaning; nil for mappings and lists.
    var scalar: YAMLScalar? {
        if case .scalar(let scalar) = node { YAMLScalar(scalar) } else { nil }
    }

    var isNull: Bool { scalar == .null }

    /// What the node is, for messages ("a list", "the number 3").
    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let raw):
            switch YAMLScalar(raw) {
            case .null: return "nothing (null)"
            case .bool(let value): return "\(value)"
            case .int, .float: return "the number \(raw.string)"
            case .string(let text): return "the text '\(text)'"
            case .binary: return "binary data"
            }
        }
    }

    /// A mapping whose keys must all be in `allowed`: an unknown key is an error naming it and
    /// listing the keys that are allowed here, so a typo never passes silently.
    func mapping(allowed: [String], what: String) throws(WorkflowFileError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else {
            throw error("\(what) must be a mapping, found \(kindDescription)")
        }
        var entries: [(key: String, value: YAMLEntry)] = []
        for (keyNode, valueNode) in mapping {
            let keyEntry = YAMLEntry(node: keyNode, path: path, source: source)
            guard case .scalar(let key) = keyNode else {
                throw keyEntry.error("keys must be names, found \(keyEntry.kindDescription)")
            }
            if !allowed.isEmpty, !allowed.contains(key.string) {
                throw WorkflowFileError(
                    source: source, line: keyNode.mark?.line, path: path,
                    message: "unknown key '\(key.string)' in \(what) (allowed: \(allowed.joined(separator: ", ")))")
            }
            entries.append((key.string, child(valueNode, key: key.string)))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// A mapping with keys the caller defines (inputs, env): any key, in document order.
    func openMapping(what: String) throws(WorkflowFileError) -> YAMLMapping {
        try mapping(allowed: [], what: what)
    }

    func sequence(what: String) throws(WorkflowFileError) -> [YAMLEntry] {
        guard case .sequence(let sequence) = node else {
            throw error("\(what) must be a list, found \(kindDescription)")
        }
        return sequence.enumerated().map { child($0.element, index: $0.offset) }
    }

    /// A scalar as text: YAML's own spelling (`1.10` stays "1.10").
    func text(what: String) throws(WorkflowFileError) -> String {
        guard case .scalar(let raw) = node, !isNull else {
            throw error("\(what) must be text, found \(kindDescription)")
        }
        return raw.string
    }

    func nonEmptyText(what: String) throws(WorkflowFileError) -> String {
        let value = try text(what: what)
        if value.trimmingCharacters(in: .whitespaces).isEmpty { throw error("\(what) must not be empty") }
        return value
    }

    func integer(what: String, range: ClosedRange<Int64> = 0...Int64(UInt32.max)) throws(WorkflowFileError) -> Int64 {
        guard case .int(let value)? = scalar else {
            throw error("\(what) must be a whole number, found \(kindDescription)")
        }
        guard range.contains(value) else {
            throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    func number(what: String) throws(WorkflowFileError) -> Double {
        switch scalar {
        case .int(let value)?: return Double(value)
        case .float(let value)? where value.isFinite: return value
        default: throw error("\(what) must be a number, found \(kindDescription)")
        }
    }

    func boolean(what: String) throws(WorkflowFileError) -> Bool {
        guard case .bool(let value)? = scalar else {
            throw error("\(what) must be true or false, found \(kindDescription)")
        }
        return value
    }

    /// A duration written with units ("30s", "1m30s", "250ms").
    func duration(what: String) throws(WorkflowFileError) -> Duration {
        let text = try text(what: what)
        do {
            return try DurationText.parse(text)
        } catch {
            throw self.error("\(what): \(error.message)")
        }
    }

    /// A list of texts, or one text for a list of one.
    func textList(what: String) throws(WorkflowFileError) -> [String] {
        if case .scalar = node { return [try text(what: what)] }
        return try sequence(what: what).map { entry throws(WorkflowFileError) in try entry.text(what: what) }
    }
}

/// A mapping's entries in document order, looked up by key.
struct YAMLMapping {
    let owner: YAMLEntry
    let entries: [(key: String, value: YAMLEntry)]

    subscript(key: String) -> YAMLEntry? {
        entries.first { $0.key == key }?.value
    }

    func contains(_ key: String) -> Bool { self[key] != nil }

    func required(_ key: String, what: String) throws(WorkflowFileError) -> YAMLEntry {
        guard let entry = self[key] else { throw owner.error("\(what) needs '\(key)'") }
        return entry
    }
}
