extension Future where Value: Codable {
    /// The stored field `field` of the value, as a future: `order.customer.name`.
    public subscript<Field: Codable>(dynamicMember field: KeyPath<Value, Field>) -> Future<Field> {
        self[field]
    }

    /// The stored field `field` of the value, as a future: `order[\.customer.name]`.
    public subscript<Field: Codable>(_ field: KeyPath<Value, Field>) -> Future<Field> {
        do {
            let keys = try FieldPaths.path(of: field)
            return following(keys.map(PathElement.key))
        } catch {
            return Future<Field>(bound.failing(error.description))
        }
    }
}

extension Future {
    /// The element at `index` of the array, as a future. An index past the end fails the node
    /// that reads it, naming the index and the length.
    public subscript<Element: Decodable>(_ index: Int) -> Future<Element> where Value == [Element] {
        guard let step = UInt32(exactly: index) else {
            return Future<Element>(bound.failing("index \(index) is not an array index"))
        }
        return following([.index(step)])
    }

    /// The value under `key` of the map, as a future. A missing key fails the node that reads
    /// it, naming the key.
    public subscript<Element: Decodable>(_ key: String) -> Future<Element> where Value == [String: Element] {
        following([.key(key)])
    }

    /// The part of the value at `path`, typed by the Swift type it is read as.
    func following<Part: Decodable>(_ path: [PathElement]) -> Future<Part> {
        var partType: LiteralType?
        var problems: [String] = []
        do {
            partType = try LiteralSchema.type(of: Part.self)
        } catch {
            problems.append("\(PathElement.describe(path)): \(error)")
        }
        return Future<Part>(bound.following(path, type: partType).adding(problems))
    }
}

extension WorkflowBinding {
    /// The part of this binding's value at `path`: a reference gets the path added (resolved at
    /// run time); a constant, collection or map binding is stepped into now.
    func following(_ path: [PathElement], type: LiteralType?) -> WorkflowBinding {
        guard let step = path.first else {
            return WorkflowBinding(binding: binding, type: type, owners: owners, problems: problems)
        }
        switch (binding, step) {
        case (.future(var future), _) where future.reference != nil:
            future.reference?.path += path
            future.type = type
            return WorkflowBinding(binding: .future(future), type: type, owners: owners, problems: problems)
        case (.collection(let elements), .index(let index)) where Int(index) < elements.count:
            return part(.init(binding: elements[Int(index)], type: nil, owners: owners, problems: problems), path, type)
        case (.map(let entries), .key(let key)) where entries[key] != nil:
            return part(.init(binding: entries[key]!, type: nil, owners: owners, problems: problems), path, type)
        case (.literal(.collection(let elements)), .index(let index)) where Int(index) < elements.count:
            return part(.init(binding: .literal(elements[Int(index)]), type: nil, problems: problems), path, type)
        case (.literal(.map(let entries)), .key(let key)) where entries[key] != nil:
            return part(.init(binding: .literal(entries[key]!), type: nil, problems: problems), path, type)
        default:
            return failing("the value has no \(PathElement.describe([step]))")
        }
    }

    private func part(_ inner: WorkflowBinding, _ path: [PathElement], _ type: LiteralType?) -> WorkflowBinding {
        inner.following(Array(path.dropFirst()), type: type)
    }

    /// This binding, with a problem to report where it is bound.
    func failing(_ problem: String) -> WorkflowBinding {
        adding([problem])
    }

    func adding(_ more: [String]) -> WorkflowBinding {
        more.isEmpty ? self : WorkflowBinding(binding: binding, type: type, owners: owners, problems: problems + more, mapped: mapped)
    }
}
