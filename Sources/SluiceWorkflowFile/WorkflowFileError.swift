/// What is wrong with a workflow file, and where: the file, the line when it is known, and the
/// path of the offending entry ("demo.yaml:14: workflows[0].nodes[2].inputs.x: unknown
/// reference 'b.total'"). A file with several problems gives the first, carrying the rest in
/// ``others``; the description then has one line for each.
public struct WorkflowFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named (a path, or what the caller passed as `source`).
    public var source: String
    /// 1-based; nil when the YAML parser could not say.
    public var line: Int?
    /// Where in the document: "workflows[0].nodes[2].inputs.x"; empty for the document itself.
    public var path: String
    public var message: String
    /// The further problems found in the same read, in the order of the file.
    public var others: [WorkflowFileError]

    public init(source: String, line: Int?, path: String, message: String, others: [WorkflowFileError] = []) {
        self.source = source
        self.line = line
        self.path = path
        self.message = message
        self.others = others
    }

    /// Every problem found: this one, then the others, each on its own.
    public var all: [WorkflowFileError] {
        var first = self
        first.others = []
        return [first] + others.flatMap(\.all)
    }

    /// One line for each problem.
    public var description: String {
        ([headline] + others.map(\.description)).joined(separator: "\n")
    }

    private var headline: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}
