import Foundation
import SluiceCore
import SluiceWire

/// Checks of what a request carries, each refusal an INVALID_ARGUMENT naming the field.
enum RequestChecks {
    /// The key at `field` with its digest. A key needs a task name, an interface hash and an
    /// input hash; its cache version may be empty.
    static func key(_ key: CacheKey?, field: String, call: String) throws -> (key: CacheKey, digest: String) {
        guard let key else { throw refusal("\(call) carries no cache key (\(field))", field: field) }
        for (part, value) in [("task_name", key.taskName), ("interface_hash", key.interfaceHash), ("input_hash", key.inputHash)]
        where value.isEmpty {
            throw refusal(
                "\(call): \(field).\(part) is empty; a cache key needs a task name, an interface hash and an input hash",
                field: "\(field).\(part)")
        }
        return (key, CacheKeys.digest(of: key))
    }

    /// A non-empty value of a required text field.
    static func required(_ value: String, field: String, call: String, what: String) throws -> String {
        guard !value.isEmpty else { throw refusal("\(call) names no \(what) (\(field))", field: field) }
        return value
    }

    /// A digest or a prefix of one, as the store matches it: "sha256:" and lowercase hex.
    /// People copy digests with or without "sha256:", and short ones in either case.
    static func digestPrefix(_ text: String, field: String, call: String) throws -> String {
        let scheme = "sha256:"
        let given = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !given.isEmpty else { throw refusal("\(call) names no digest (\(field))", field: field) }
        let hex = given.hasPrefix(scheme) ? given.dropFirst(scheme.count) : Substring(given)
        guard !hex.isEmpty, hex.count <= 64, hex.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            throw refusal(
                "\(call): '\(text)' is not a digest or the start of one (hex digits, optionally after sha256:)", field: field)
        }
        return scheme + hex
    }

    static func refusal(_ message: String, field: String) -> ServiceError {
        .invalidArgument(message, details: [ErrorDetail(message: message, field: field)])
    }
}
