import SluiceWire

/// A new execution id: "ex-" and 12 random lowercase letters and digits (about 62 bits), short
/// enough to type and too many to collide in practice.
func newExecutionID() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var generator = SystemRandomNumberGenerator()
    return "ex-" + String((0..<12).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
}

/// "name:version", or "name" alone when the version is empty (the latest), for messages.
func identifierText(_ id: Identifier) -> String {
    id.version.isEmpty ? id.name : "\(id.name):\(id.version)"
}

/// What is wrong with the id a registration carries: a name and a version are required.
func identityProblems(_ id: Identifier?, of what: String) -> [String] {
    var problems: [String] = []
    if (id?.name ?? "").isEmpty { problems.append("the \(what) has no name (id.name)") }
    if (id?.version ?? "").isEmpty {
        problems.append("the \(what) has no version (id.version); every registration needs one")
    }
    return problems
}
