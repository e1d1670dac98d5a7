/// What is wrong with a workflow file, and where: the file, the line when it is known, and the
/// path of the offending entry ("demo.yaml:14: workflows[0].nodes[2].inputs.x: unknown
/// reference 'b.total'").
public struct WorkflowFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named (a path, or what the caller passed as `source`).
    public var source: String
    /// 1-based; nil when the YAML parser could not say.
    public var line: Int?
    /// Where in the document: "workflows[0].nodes[2].inputs.x"; empty for the document itself.
    public var path: String
    public var message: String

    public init(source: String, line: Int?, path: String, message: String) {
        self.source = source
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}
