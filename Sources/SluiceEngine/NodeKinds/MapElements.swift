import SluiceWire

/// A map node's inputs as elements: the mapped inputs zipped, the others the same for each.
enum MapElements {
    struct Problem: Error {
        let message: String
    }

    /// How many elements the mapped inputs hold; a problem when one is not a list, or when
    /// their lengths differ (naming both).
    static func count(of inputs: [String: Literal], mapped: [String]) -> Result<Int, Problem> {
        var count: (name: String, length: Int)?
        for name in mapped {
            guard case .collection(let elements)? = inputs[name] else {
                let found = inputs[name].map { $0.kindDescription } ?? "nothing"
                return .failure(Problem(message: "mapped input '\(name)' is \(found), not a list"))
            }
            if let first = count, first.length != elements.count {
                return .failure(Problem(message:
                    "mapped inputs have different lengths: '\(first.name)' has \(first.length) elements, '\(name)' has \(elements.count)"))
            }
            count = count ?? (name, elements.count)
        }
        return .success(count?.length ?? 0)
    }

    /// The inputs of element `index`.
    static func inputs(of index: Int, from inputs: [String: Literal], mapped: [String]) -> [String: Literal] {
        var element = inputs
        for name in mapped {
            if case .collection(let elements)? = inputs[name], index < elements.count { element[name] = elements[index] }
        }
        return element
    }
}
