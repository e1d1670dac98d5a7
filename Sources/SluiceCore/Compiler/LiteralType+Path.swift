import SluiceWire

/// Where a path into a value leads, as far as the types tell.
enum PathOutcome: Equatable {
    /// The type of the value the path reaches.
    case type(LiteralType)
    /// The path goes into a generic struct, whose contents have no declared type.
    case untyped
    /// The path cannot be followed; the message says which step fails.
    case invalid(String)
}

extension LiteralType {
    /// The type of the part of a value of this type that `path` reaches: a key steps into a map
    /// or struct field, an index into a collection.
    func type(at path: [PathElement]) -> PathOutcome {
        var current = self
        var walked = ""
        for step in path {
            let description = PathElement.describe([step])
            switch (current, step) {
            case (.map(let value), .key):
                current = value
            case (.struct(let structType), .key(let key)):
                guard let field = structType.fields.first(where: { $0.name == key }) else {
                    return .invalid("\(structType.displayName) has no field '\(key)' (at \(walked)\(description))")
                }
                guard let fieldType = field.type else { return .untyped }
                current = fieldType
            case (.simple(.struct), .key):
                return .untyped
            case (.collection(let element), .index):
                current = element
            default:
                let what = if case .key = step { "key" } else { "index" }
                return .invalid("cannot take \(what) \(description) of \(current.typeDescription) (at \(walked)\(description))")
            }
            walked += description
        }
        return .type(current)
    }
}

extension PathElement {
    /// A path as people write it: ".rows[3].name".
    public static func describe(_ path: [PathElement]) -> String {
        path.map { step in
            switch step {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }.joined()
    }
}

extension OutputReference {
    /// "n1.total", "n1.rows[2].name", or "inputs.x" for the workflow's own input x.
    var displayName: String {
        (nodeID.isEmpty ? "inputs" : nodeID) + "." + output + PathElement.describe(path)
    }
}
