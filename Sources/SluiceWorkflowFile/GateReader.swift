/// A node's `gate:` as written, read in the first pass so that references to the gate's
/// output are checked against what it gives; an approve gate's input is bound in the second.
struct GateOutline {
    /// The gate, complete but for an approve gate's input binding.
    var gate: GateNode
    /// An approve gate's `input:`, bound by the second pass.
    var input: YAMLEntry?
    /// The node input an approve gate passes on.
    var inputName = "value"
}

/// `gate: {signal: ID, type: T}`, `gate: {approve: ID, input: $node.output, approvers: [alice, group:release]}`,
/// `gate: {sleep: 30s}`.
enum GateReader {
    static let kinds = ["signal", "approve", "sleep"]
    static let signalKeys = ["signal", "type", "description", "timeout"]
    static let approveKeys = ["approve", "input", "input_name", "description", "approvers", "timeout"]
    static let sleepKeys = ["sleep"]

    static func read(_ entry: YAMLEntry) throws(WorkflowFileError) -> GateOutline {
        let written = try entry.openMapping(what: "a gate")
        let found = kinds.filter(written.contains)
        guard found.count == 1 else {
            let what = found.isEmpty ? "none" : found.joined(separator: " and ")
            throw entry.error("a gate needs exactly one of signal: (a value), approve: (an approval) or sleep: (a duration) (found \(what))")
        }
        switch found[0] {
        case "signal": return try signal(entry)
        case "approve": return try approve(entry)
        default: return try sleep(entry)
        }
    }

    private static func signal(_ entry: YAMLEntry) throws(WorkflowFileError) -> GateOutline {
        let mapping = try entry.mapping(allowed: signalKeys, what: "a signal gate")
        var signal = SignalGate(signalID: try signalID(mapping, key: "signal"))
        signal.type = try InterfaceReader.type(try mapping.required("type", what: "a signal gate"))
        if let description = mapping["description"] { signal.description = try description.text(what: "description") }
        return GateOutline(gate: GateNode(condition: .signal(signal), timeout: try timeout(mapping)))
    }

    private static func approve(_ entry: YAMLEntry) throws(WorkflowFileError) -> GateOutline {
        let mapping = try entry.mapping(allowed: approveKeys, what: "an approve gate")
        var approve = ApproveGate(signalID: try signalID(mapping, key: "approve"))
        if let description = mapping["description"] { approve.description = try description.text(what: "description") }
        if let approvers = mapping["approvers"] {
            approve.approvers = try approvers.textList(what: "approvers")
            if let problem = approve.approvers.lazy.compactMap(ApproverNames.problem).first { throw approvers.error(problem) }
        }
        var outline = GateOutline(gate: GateNode(), input: try mapping.required("input", what: "an approve gate"))
        if let nameEntry = mapping["input_name"] {
            let name = try nameEntry.nonEmptyText(what: "input_name")
            try NameRules.checkVariableName(name, nameEntry, what: "input")
            // Left empty for the default, as the proto has it.
            if name != "value" { approve.input = name }
            outline.inputName = name
        }
        outline.gate = GateNode(condition: .approve(approve), timeout: try timeout(mapping))
        return outline
    }

    private static func sleep(_ entry: YAMLEntry) throws(WorkflowFileError) -> GateOutline {
        let mapping = try entry.mapping(allowed: sleepKeys, what: "a sleep gate")
        let duration = try TaskReader.positive(try mapping.required("sleep", what: "a sleep gate"), what: "sleep")
        return GateOutline(gate: GateNode(condition: .sleep(SleepGate(duration: duration))))
    }

    private static func signalID(_ mapping: YAMLMapping, key: String) throws(WorkflowFileError) -> String {
        let entry = try mapping.required(key, what: "a gate")
        let id = try entry.nonEmptyText(what: "the signal id")
        // Typed on command lines (sluice signal EXECUTION ID VALUE): no spaces to quote.
        guard id.wholeMatch(of: /[A-Za-z0-9_][A-Za-z0-9_.\-]*/) != nil else {
            throw entry.error("signal id '\(id)' may hold only letters, digits, '_', '.' and '-'")
        }
        return id
    }

    private static func timeout(_ mapping: YAMLMapping) throws(WorkflowFileError) -> Duration? {
        try mapping["timeout"].map { entry throws(WorkflowFileError) in try TaskReader.positive(entry, what: "timeout") }
    }
}
