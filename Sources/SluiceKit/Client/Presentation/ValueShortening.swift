/// How long a value may be where people read it: a status of an execution with megabytes of
/// inputs must not print them all. A value over the limit is shown as its start and its size,
/// with the command that shows it whole.
package struct ValueShortening: Sendable {
    /// Values whose JSON is longer than this many bytes are shortened.
    package var limit: Int
    /// How much of a shortened value is shown.
    package var preview: Int
    /// What shows values whole ("sluice status ex-1 --full").
    package var wholeWith: String

    package init(limit: Int, preview: Int = 200, wholeWith: String) {
        self.limit = limit
        self.preview = preview
        self.wholeWith = wholeWith
    }

    /// For `sluice status`: values over 16 KiB in JSON, 2 KiB in text.
    package static func status(of executionID: String, json: Bool) -> ValueShortening {
        ValueShortening(limit: json ? 16 << 10 : 2 << 10, wholeWith: "sluice status \(executionID) --full")
    }

    /// Named values: JSON as LiteralJSON writes it, each value over the limit replaced by an
    /// object saying so: {"shortened": true, "bytes": N, "preview": "...", "whole_with": "..."}.
    package func json(_ values: [String: Literal]) -> JSONValue {
        .object(values.keys.sorted().map { name in
            let text = LiteralJSON.encode(values[name]!)
            guard text.utf8.count > limit else { return (name, .raw(text)) }
            return (name, .object([
                ("shortened", .bool(true)), ("bytes", .integer(Int64(text.utf8.count))),
                ("preview", .string(String(text.prefix(preview)) + "…")), ("whole_with", .string(wholeWith)),
            ]))
        })
    }

    /// One value as JSON text, or its start and size.
    package func text(_ value: Literal) -> String {
        let text = LiteralJSON.encode(value)
        guard text.utf8.count > limit else { return text }
        return "\(text.prefix(preview))… (\(text.utf8.count) bytes in all; \(wholeWith) shows it whole)"
    }
}
