/// The `{{inputs.NAME}}` templates in a shell task's text. Other templates are left to the
/// executor; only references to inputs can be checked against the interface.
public enum ShellTemplates {
    /// The input names referred to as `{{inputs.NAME}}` (spaces inside the braces allowed), in order.
    public static func inputNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else { break }
            let body = String(afterOpen[..<close.lowerBound]).trimmingWhitespace()
            if body.hasPrefix("inputs.") {
                names.append(String(body.dropFirst("inputs.".count)))
            }
            rest = afterOpen[close.upperBound...]
        }
        return names
    }
}
