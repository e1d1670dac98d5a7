import SluiceCore
import SluiceWire
import SluiceWorkflowFile

extension FuzzBodies {
    /// A workflow file, as `sluice register` reads it: what it accepts becomes task and workflow
    /// specs, which go over the wire.
    public static func workflowYAML(_ bytes: [UInt8]) throws {
        guard let file = try? WorkflowFile.parse(text(bytes[...]), source: "fuzz.yaml") else { return }
        for task in file.tasks { try roundTrip(task) }
        for workflow in file.workflows { try roundTrip(workflow) }
    }

    /// A JSON value (a `sluice run -i name=JSON` input, a signal's value, a Swift task's result),
    /// read as the type the first byte picks. What it accepts, written as JSON, reads back as
    /// the same JSON.
    public static func json(_ bytes: [UInt8]) throws {
        let type = type(bytes.first)
        guard let literal = try? LiteralJSON.decode(text(bytes.dropFirst()), as: type) else { return }
        try stableJSON(literal, as: type)
        try roundTrip(literal)
    }

    /// A value typed on a command line (`-i n=3`), read as the type the first byte picks; and the
    /// same text as a type and as a branch condition, as workflow files write them.
    public static func literalText(_ bytes: [UInt8]) throws {
        let input = text(bytes.dropFirst())
        if let literal = try? Literal.parse(input, as: type(bytes.first)) { try roundTrip(literal) }
        _ = try? TypeText.parse(input)
        _ = try? BranchCondition.parse(input, inputs: ["a", "b", "flag"])
    }

    /// A shell task's outputs.json, read against a fixed interface of outputs of many types.
    public static func shellOutputs(_ bytes: [UInt8]) throws {
        guard let outputs = try? LiteralJSON.decodeObject(text(bytes[...]), types: outputTypes) else { return }
        for (name, literal) in outputs {
            guard let type = outputTypes[name] else { throw InvariantBroken("an output not declared was accepted: \(name)") }
            try stableJSON(literal, as: type)
        }
    }

    static let outputTypes: [String: LiteralType] = [
        "count": "int", "score": "float", "name": "string", "ok": "bool", "when": "datetime",
        "took": "duration", "report": "struct", "ids": "list<int>", "weights": "map<float>", "note": "optional<string>",
    ].mapValues(parsed)

    /// JSON written for an accepted value reads back as a value written the same way.
    static func stableJSON(_ literal: Literal, as type: LiteralType) throws {
        let written = LiteralJSON.encode(literal)
        let back: Literal
        do {
            back = try LiteralJSON.decode(written, as: type)
        } catch {
            throw InvariantBroken("JSON written for an accepted \(type.typeDescription) does not read back: \(written): \(error)")
        }
        guard LiteralJSON.encode(back) == written else {
            throw InvariantBroken("JSON written for an accepted \(type.typeDescription) changed when read back: \(written)")
        }
    }
}
