import SluiceCore
import SluiceWire

/// Why a binding could not be turned into a value at run time (a path that does not fit the
/// value the producer actually returned, say).
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Turns a node's input bindings into values, given what its scope has produced. A workflow
/// body resolves the futures it reads with it too.
public struct BindingResolver {
    /// The value of one output of a node in scope; "" as the node means the scope's inputs.
    let lookup: (_ nodeID: String, _ output: String) -> Literal?

    public init(lookup: @escaping (_ nodeID: String, _ output: String) -> Literal?) {
        self.lookup = lookup
    }

    func resolve(_ bindings: [String: Binding]) throws(ResolutionError) -> [String: Literal] {
        // Sized at creation, not with `reserveCapacity` (see `CRead.map`).
        var values = [String: Literal](minimumCapacity: bindings.count)
        for (name, binding) in bindings {
            values[name] = try resolve(binding, at: name)
        }
        return values
    }

    /// `place` names the input for errors only: it is built when one is thrown, not for every
    /// element of a thousand-element collection.
    public func resolve(_ binding: Binding, at place: @autoclosure () -> String) throws(ResolutionError) -> Literal {
        switch binding {
        case .literal(let literal):
            return literal
        case .future(let future):
            if let value = future.value { return value }
            guard let reference = future.reference else {
                throw ResolutionError(description: "\(place()): a future with neither a value nor a reference")
            }
            return try resolve(reference, at: place())
        case .collection(let elements):
            var values: [Literal] = []
            values.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                values.append(try resolve(element, at: "\(place())[\(index)]"))
            }
            return .collection(values)
        case .map(let entries):
            var values: [String: Literal] = [:]
            for (key, element) in entries {
                values[key] = try resolve(element, at: "\(place()).\(key)")
            }
            return .map(values)
        }
    }

    func resolve(_ reference: OutputReference, at place: @autoclosure () -> String) throws(ResolutionError) -> Literal {
        func producer() -> String { reference.nodeID.isEmpty ? "inputs" : reference.nodeID }
        guard let value = lookup(reference.nodeID, reference.output) else {
            throw ResolutionError(description: "\(place()): \(producer()).\(reference.output) has no value")
        }
        if reference.path.isEmpty { return value }
        return try Self.follow(reference.path, into: value, describing: "\(producer()).\(reference.output)", at: place())
    }

    /// The part of `value` that `path` names.
    static func follow(_ path: [PathElement], into value: Literal, describing name: String, at place: String) throws(ResolutionError) -> Literal {
        var current = value
        var walked = name
        for element in path {
            switch (element, current) {
            case (.key(let key), .map(let entries)):
                guard let next = entries[key] else {
                    throw ResolutionError(description: "\(place): \(walked) has no key \"\(key)\"")
                }
                current = next
                walked += ".\(key)"
            case (.index(let index), .collection(let elements)):
                guard Int(index) < elements.count else {
                    throw ResolutionError(description: "\(place): \(walked) has \(elements.count) elements, no index \(index)")
                }
                current = elements[Int(index)]
                walked += "[\(index)]"
            case (.key(let key), _):
                throw ResolutionError(description: "\(place): cannot take key \"\(key)\" of \(walked), a \(current.kindDescription)")
            case (.index(let index), _):
                throw ResolutionError(description: "\(place): cannot take index \(index) of \(walked), a \(current.kindDescription)")
            }
        }
        return current
    }
}
