import SluiceWire

extension LiteralType {
    /// Whether `literal` has this type.
    public func accepts(_ literal: Literal) -> Bool {
        mismatches(of: literal).isEmpty
    }

    /// Every place where `literal` does not have this type, each with its path, so that an input
    /// or signal value can be refused with all its problems at once. Empty when it has the type.
    ///
    /// Matching is exact: an int is not a float, a string is not a datetime; a struct's fields
    /// must all be there unless their type admits NONE, and it may hold no others.
    public func mismatches(of literal: Literal, at path: String = "") -> [TypeMismatch] {
        var found: [TypeMismatch] = []
        check(literal, at: path, into: &found)
        return found
    }

    private func check(_ literal: Literal, at path: String, into found: inout [TypeMismatch]) {
        func mismatch(_ detail: String? = nil) {
            found.append(TypeMismatch(path: path, expected: typeDescription, found: detail ?? literal.kindDescription))
        }
        switch (self, literal) {
        case (.simple(let simple), _):
            if !simple.accepts(literal) { mismatch() }
        case (.collection(let element), .collection(let elements)):
            for (index, value) in elements.enumerated() {
                element.check(value, at: "\(path)[\(index)]", into: &found)
            }
        case (.map(let valueType), .map(let entries)):
            for key in entries.keys.sorted() {
                valueType.check(entries[key]!, at: Self.join(path, key), into: &found)
            }
        case (.blob(let blobType), .blob(let blob)):
            if !blobType.format.isEmpty, !blob.format.isEmpty, blobType.format != blob.format {
                mismatch("a blob of format '\(blob.format)'")
            } else if blobType.dimensionality != .unspecified, blob.dimensionality != .unspecified,
                      blobType.dimensionality != blob.dimensionality {
                mismatch("a \(blob.dimensionality.name.lowercased()) blob")
            }
        case (.union(let variants), _):
            if !variants.contains(where: { $0.accepts(literal) }) { mismatch() }
        case (.struct(let structType), .map(let entries)):
            let declared = Set(structType.fields.map(\.name))
            for field in structType.fields {
                let fieldPath = Self.join(path, field.name)
                guard let fieldType = field.type else {
                    found.append(TypeMismatch(path: fieldPath, expected: "a declared type", found: "a field with none"))
                    continue
                }
                if let value = entries[field.name] {
                    fieldType.check(value, at: fieldPath, into: &found)
                } else if !fieldType.accepts(.none) {
                    found.append(TypeMismatch(path: fieldPath, expected: fieldType.typeDescription, found: "nothing (the field is missing)"))
                }
            }
            for key in entries.keys.sorted() where !declared.contains(key) {
                found.append(TypeMismatch(
                    path: Self.join(path, key), expected: "no such field in \(structType.displayName)", found: entries[key]!.kindDescription))
            }
        default:
            mismatch()
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The type as people read it: "int", "collection<string>", "map<float>", "int | none",
    /// "struct Point".
    public var typeDescription: String {
        switch self {
        case .simple(let simple): simple.name.lowercased()
        case .collection(let element): "collection<\(element.typeDescription)>"
        case .map(let value): "map<\(value.typeDescription)>"
        case .blob(let blob): blob.format.isEmpty ? "blob" : "blob(\(blob.format))"
        case .union(let variants): variants.isEmpty ? "an empty union" : variants.map(\.typeDescription).joined(separator: " | ")
        case .struct(let structType): structType.displayName
        }
    }
}

extension SimpleType {
    func accepts(_ literal: Literal) -> Bool {
        switch (self, literal) {
        case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool), (.bytes, .bytes),
             (.datetime, .datetime), (.duration, .duration), (.none, .none), (.error, .error),
             (.struct, .map):
            true
        default:
            false
        }
    }
}

extension StructType {
    var displayName: String { name.isEmpty ? "struct" : "struct \(name)" }
}

extension Literal {
    /// What kind of value this is, for messages: "an int", "a collection of 3", "a map".
    public var kindDescription: String {
        switch self {
        case .int(let value): "an int (\(value))"
        case .float(let value): "a float (\(value))"
        case .string(let value): "a string \((value.count > 40 ? String(value.prefix(40)) + "…" : value).debugDescription)"
        case .bool(let value): "a bool (\(value))"
        case .bytes(let value): "bytes (\(value.count))"
        case .datetime: "a datetime"
        case .duration(let value): "a duration (\(value))"
        case .none: "none"
        case .collection(let elements): "a collection of \(elements.count)"
        case .map(let entries): "a map of \(entries.count)"
        case .blob: "a blob"
        case .error(let error): "an error (\(error.message))"
        }
    }
}
