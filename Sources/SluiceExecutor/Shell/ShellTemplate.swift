import Foundation
import SluiceWire

/// Fills the `{{inputs.NAME}}` templates of a shell task (spaces inside the braces allowed).
/// In a command each argument gets the value's plain text; in a script the text is single-quoted
/// for the shell, so that no value can add commands of its own.
enum ShellTemplate {
    enum Quoting {
        /// For argv: no shell reads it.
        case plain
        /// For `/bin/sh -c`: one single-quoted word.
        case shell
    }

    /// The text with every template replaced. A template naming no input, or not of the form
    /// `inputs.NAME`, is a USER error "BadTemplate".
    static func render(_ text: String, inputs: [String: Literal], quoting: Quoting) throws(TaskFailure) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            result += rest[..<open.lowerBound]
            let expression = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            let value = try lookUp(expression, in: inputs)
            let text = ValueText.plain(value)
            result += quoting == .shell ? ValueText.shellQuoted(text) : text
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }

    private static func lookUp(_ expression: Substring, in inputs: [String: Literal]) throws(TaskFailure) -> Literal {
        let prefix = "inputs."
        guard expression.hasPrefix(prefix) else {
            throw TaskFailure(
                kind: .user, code: "BadTemplate",
                message: "the template {{\(expression)}} is not of the form {{inputs.NAME}}")
        }
        let name = String(expression.dropFirst(prefix.count))
        guard let value = inputs[name] else {
            let known = inputs.keys.sorted().joined(separator: ", ")
            throw TaskFailure(
                kind: .user, code: "BadTemplate",
                message: "the template {{\(expression)}} names no input '\(name)' (the inputs are: \(known.isEmpty ? "none" : known))")
        }
        return value
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
