#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Anything a node input or workflow output can be bound to: a ``Future``, a constant (`3`,
/// `"text"`, `true`, a `Date`...), or an array or `[String: ...]` dictionary of those, which
/// becomes a collection or map binding (a fan-in when it holds futures).
public protocol WorkflowValue {
    /// How an input is bound to this value.
    func workflowBinding() -> WorkflowBinding
}

/// A value as a node input binding, with its Sluice type when known.
public struct WorkflowBinding {
    let binding: Binding
    let type: LiteralType?
    /// The builders of the futures in it, so that a future used in another workflow is caught
    /// (held, not identified by address, since a finished builder's address may be reused).
    let owners: [WorkflowBuilder]
    /// What is wrong with the value (a constant that does not encode), to be reported where it
    /// is bound.
    let problems: [String]
    /// A list a map call runs over, element by element (`.each(list)`).
    let mapped: Bool

    init(binding: Binding, type: LiteralType?, owners: [WorkflowBuilder] = [], problems: [String] = [], mapped: Bool = false) {
        self.binding = binding
        self.type = type
        self.owners = owners
        self.problems = problems
        self.mapped = mapped
    }

    /// This list, run over element by element by a map call.
    func mappedOver() -> WorkflowBinding {
        WorkflowBinding(binding: binding, type: type, owners: owners, problems: problems, mapped: true)
    }

    /// A constant: the value encoded, its type derived.
    static func constant<V: Encodable & Decodable>(_ value: V) -> WorkflowBinding {
        do {
            let literal = try LiteralEncoder().encode(value)
            return WorkflowBinding(binding: .literal(literal), type: try? LiteralSchema.type(of: V.self))
        } catch {
            return WorkflowBinding(
                binding: .literal(.none), type: nil,
                problems: ["the constant \(V.self) does not encode: \(CodingErrorText.message(of: error))"])
        }
    }

    /// Elements bound one by one; the collection's type is known when all agree.
    static func collection(_ elements: [WorkflowBinding]) -> WorkflowBinding {
        let types = Set(elements.compactMap(\.type))
        let known = types.count == 1 && elements.allSatisfy { $0.type != nil }
        return WorkflowBinding(
            binding: .collection(elements.map(\.binding)),
            type: known ? types.first.map { .collection($0) } : nil,
            owners: elements.flatMap(\.owners),
            problems: elements.flatMap(\.problems))
    }

    static func map(_ entries: [String: WorkflowBinding]) -> WorkflowBinding {
        let types = Set(entries.values.compactMap(\.type))
        let known = types.count == 1 && entries.values.allSatisfy { $0.type != nil }
        return WorkflowBinding(
            binding: .map(entries.mapValues(\.binding)),
            type: known ? types.first.map { .map($0) } : nil,
            owners: entries.values.flatMap(\.owners),
            problems: entries.values.flatMap(\.problems))
    }
}

extension Int: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Int64: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Int32: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Double: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Float: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension String: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Bool: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Date: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Data: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension Duration: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

extension URL: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { .constant(self) }
}

/// A Literal as it is, for values Swift types do not describe; its type is left to the checks
/// of the workflow compiler.
extension Literal: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding { WorkflowBinding(binding: .literal(self), type: nil) }
}

extension Optional: WorkflowValue where Wrapped: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding {
        switch self {
        case .some(let value): return value.workflowBinding()
        case .none: return WorkflowBinding(binding: .literal(.none), type: .simple(.none))
        }
    }
}

extension Array: WorkflowValue where Element: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding {
        .collection(map { $0.workflowBinding() })
    }
}

extension Dictionary: WorkflowValue where Key == String, Value: WorkflowValue {
    public func workflowBinding() -> WorkflowBinding {
        .map(mapValues { $0.workflowBinding() })
    }
}
