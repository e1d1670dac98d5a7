/// One derivation: walks `init(from:)` of the root type and of every type it decodes, building
/// each one's Sluice type from what its decoder was asked for.
///
/// Not `Sendable`: it lives for one synchronous call of ``LiteralSchema/type(of:)``.
final class SchemaProbe {
    private let rootName: String
    /// Types whose `init(from:)` is running, to refuse recursive types instead of looping.
    private var inProgress: [ObjectIdentifier] = []

    init(rootName: String) {
        self.rootName = rootName
    }

    func derive<T: Decodable>(_ type: T.Type) throws(SchemaError) -> LiteralType {
        do {
            return try probe(type, at: []).type
        } catch let failure as SchemaFailure {
            throw failure.error
        } catch {
            throw self.error(at: [], "internal error: \(error)")
        }
    }

    /// The Sluice type of `type` and a placeholder value of it, which the caller's
    /// `init(from:)` goes on with.
    func probe<T: Decodable>(_ type: T.Type, at path: [SchemaPathStep]) throws -> (type: LiteralType, value: T) {
        if let scalar = try SchemaScalars.placeholder(for: type, failing: { self.failure(at: path, $0) }) {
            guard let value = scalar.value as? T else { throw failure(at: path, "internal error: bad placeholder for \(T.self)") }
            return (scalar.type, value)
        }
        let identity = ObjectIdentifier(type)
        guard !inProgress.contains(identity) else {
            throw failure(at: path, "\(T.self) contains itself; recursive types have no Sluice type")
        }
        inProgress.append(identity)
        defer { inProgress.removeLast() }

        let recorder = ShapeRecorder(typeName: String(describing: type))
        let value: T
        do {
            value = try T(from: SchemaDecoder(probe: self, recorder: recorder, path: path))
        } catch let failure as SchemaFailure {
            throw failure
        } catch {
            throw failure(at: path, "\(T.self)'s init(from:) refuses placeholder values (\(CodingErrorText.message(of: error))); "
                + "Sluice derives types from structs, arrays, [String: T] dictionaries and scalars, not from enums or types that validate their values")
        }
        return (try recorder.type(or: { self.failure(at: path, $0) }), value)
    }

    func failure(at path: [SchemaPathStep], _ reason: String) -> SchemaFailure {
        SchemaFailure(error: error(at: path, reason))
    }

    private func error(at path: [SchemaPathStep], _ reason: String) -> SchemaError {
        SchemaError(typeName: rootName, path: SchemaPathStep.text(path), reason: reason)
    }

}

/// A derivation problem on its way out through the user's `init(from:)`, which may only rethrow.
struct SchemaFailure: Error {
    let error: SchemaError
}

/// One step into a type: a field or a collection element.
enum SchemaPathStep {
    case key(String)
    case element

    static func text(_ path: [SchemaPathStep]) -> String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .element: text += "[]"
            }
        }
        return text
    }
}
