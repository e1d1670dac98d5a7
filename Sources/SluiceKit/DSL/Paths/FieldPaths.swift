import Synchronization

/// The stored fields a key path reads, by their coding names: `\Order.total` is `["total"]`,
/// `\Order.customer.name` is `["customer", "name"]`.
///
/// Swift does not say which property a key path names, and a field's coding name may differ
/// from its property name, so the answer is found by looking: the root type is decoded from
/// sample values that differ in one scalar at a time (``SampleValues``), and the field is the
/// one whose value the key path reads back in every sample. A computed property reads no
/// single field and is refused.
enum FieldPaths {
    /// Paths found before, by key path: finding one decodes the root many times, and a body
    /// sets the same fields on every run. Key paths are immutable, so sharing them between
    /// threads is safe, though Swift does not mark them Sendable; `lock` guards the table.
    nonisolated(unsafe) private static var found: [AnyKeyPath: [String]] = [:]
    private static let lock = Mutex(())

    static func path<Root: Decodable, Value: Encodable>(of keyPath: KeyPath<Root, Value>) throws(FieldPathError) -> [String] {
        if let known = lock.withLock({ _ in found[keyPath] }) { return known }
        let path = try search(keyPath)
        lock.withLock { _ in found[keyPath] = path }
        return path
    }

    private static func search<Root: Decodable, Value: Encodable>(_ keyPath: KeyPath<Root, Value>) throws(FieldPathError) -> [String] {
        let rootType: LiteralType
        do {
            rootType = try LiteralSchema.type(of: Root.self)
        } catch {
            throw FieldPathError(keyPath: keyPath, reason: error.description)
        }
        let samples = SampleValues(of: rootType)
        let literals = [samples.plain] + samples.marked
        var read: [Literal] = []
        do {
            for literal in literals {
                let root = try LiteralDecoder().decode(Root.self, from: literal)
                read.append(try LiteralEncoder().encode(root[keyPath: keyPath]))
            }
        } catch {
            throw FieldPathError(keyPath: keyPath, reason: "\(Root.self) cannot be decoded from sample values (\(CodingErrorText.message(of: error)))")
        }
        for candidate in fieldPaths(in: rootType) {
            let values = literals.map { value(at: candidate, in: $0) }
            if values == read.map(Optional.some) { return candidate }
        }
        throw FieldPathError(
            keyPath: keyPath,
            reason: "it reads no stored field of \(Root.self); futures reach stored fields (and elements with [index])")
    }

    /// Every path of field names in `type`, shallow ones first, stopping at collections, maps
    /// and optionals, which key paths cannot step into without reading a sample element.
    private static func fieldPaths(in type: LiteralType) -> [[String]] {
        guard case .struct(let structType) = type else { return [] }
        let own = structType.fields.map { [$0.name] }
        let nested = structType.fields.flatMap { field in
            fieldPaths(in: field.type ?? .simple(.none)).map { [field.name] + $0 }
        }
        return own + nested
    }

    private static func value(at path: [String], in literal: Literal) -> Literal? {
        var current = literal
        for key in path {
            guard case .map(let fields) = current, let next = fields[key] else { return nil }
            current = next
        }
        return current
    }
}

/// A key path that names no stored field.
struct FieldPathError: Error, CustomStringConvertible {
    let description: String

    init<Root, Value>(keyPath: KeyPath<Root, Value>, reason: String) {
        description = "\(keyPath): \(reason)"
    }
}
