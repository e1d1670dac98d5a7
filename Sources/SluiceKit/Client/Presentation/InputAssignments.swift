/// Execution inputs as typed on a command line: `-i name=value`, each value read as the type
/// the workflow declares for it (`Literal.parse`: plain text for scalars, JSON for lists, maps
/// and structs).
package enum InputAssignments {
    package struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        package var message: String
        package init(message: String) { self.message = message }
        package var description: String { message }
    }

    /// "name=value" split at the first "=".
    package static func split(_ argument: String) throws(Problem) -> (name: String, value: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw Problem(message: "'\(argument)' is not an input; write NAME=VALUE, e.g. -i n=3")
        }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// The inputs, each parsed as its declared type. Unknown names, names given twice, values
    /// that do not parse and required inputs left out are refused, all named.
    package static func literals(_ arguments: [String], for interface: TypedInterface) throws(Problem) -> [String: Literal] {
        var literals: [String: Literal] = [:]
        let declared = interface.inputs.map(\.name).joined(separator: ", ")
        for argument in arguments {
            let (name, text) = try split(argument)
            guard let variable = interface.inputs.first(where: { $0.name == name }) else {
                throw Problem(message: "the workflow has no input '\(name)' (\(declared.isEmpty ? "it takes no inputs" : "inputs: \(declared)"))")
            }
            guard literals[name] == nil else { throw Problem(message: "input '\(name)' is given twice") }
            guard let type = variable.type else {
                throw Problem(message: "the workflow declares no type for input '\(name)'")
            }
            do {
                literals[name] = try Literal.parse(text, as: type)
            } catch {
                throw Problem(message: "input '\(name)' (\(TypeText.format(type))): \(error)")
            }
        }
        let missing = interface.inputs.filter { variable in
            literals[variable.name] == nil && variable.defaultValue == nil && !(variable.type?.accepts(.none) ?? false)
        }
        if !missing.isEmpty {
            let list = missing.map { "\($0.name) (\($0.type.map(TypeText.format) ?? "?"))" }.joined(separator: ", ")
            throw Problem(message: "missing input\(missing.count == 1 ? "" : "s") \(list); give \(missing.count == 1 ? "it" : "each") with -i NAME=VALUE")
        }
        return literals
    }

    /// Labels as typed on a command line: `--label key=value`.
    package static func labels(_ arguments: [String]) throws(Problem) -> [String: String] {
        var labels: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw Problem(message: "'\(argument)' is not a label; write KEY=VALUE")
            }
            labels[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return labels
    }
}
