/// A signal value as typed on a command line (`sluice signal EXECUTION NAME VALUE`), read as the
/// type the gate declares: plain text for scalars, JSON for lists, maps and structs, as
/// `sluice run -i` reads inputs.
package enum SignalInput {
    /// The value, or a problem naming the signal and the type it expects.
    package static func literal(_ text: String, signalID: String, as type: LiteralType) throws(InputAssignments.Problem) -> Literal {
        do {
            return try Literal.parse(text, as: type)
        } catch {
            let form = type.isScalar ? "" : " (write it as JSON)"
            throw InputAssignments.Problem(message: "signal '\(signalID)' expects \(TypeText.format(type))\(form): \(error)")
        }
    }

    /// Why a signal id cannot be set: no gate of the workflow declares it. Names those that do.
    package static func undeclared(_ signalID: String, workflow: String, declared: [SignalDeclaration]) -> InputAssignments.Problem {
        var ids: [String] = []
        for declaration in declared where !ids.contains(declaration.signalID) { ids.append(declaration.signalID) }
        let known = ids.isEmpty ? "it has no signal or approve gates" : "its signals: \(ids.joined(separator: ", "))"
        return InputAssignments.Problem(message: "workflow \(workflow) has no gate waiting for signal '\(signalID)' (\(known))")
    }
}

extension LiteralType {
    /// Written as plain text on a command line, rather than as JSON.
    fileprivate var isScalar: Bool {
        switch self {
        case .simple(let simple): simple != .struct
        case .blob, .collection, .map, .struct: false
        case .union(let variants): variants.allSatisfy(\.isScalar)
        }
    }
}
