/// The fields of a `Fields` struct, each bound to a future or a constant: what a typed call
/// takes as its task's inputs, and what a workflow gives as its outputs. Fields are set as
/// the struct's own properties, so a wrong name or a wrong type does not compile:
///
///     let total = wf.call(sum) { $0.values = prices; $0.currency = "EUR" }
///     return wf.outputs { $0.total = total.sum }
///
/// A dictionary literal (`["values": prices]`) binds fields by name instead, for generated or
/// dynamic cases; its names and types are checked only when the workflow is compiled.
@dynamicMemberLookup
public struct FutureFields<Fields: Codable>: ExpressibleByDictionaryLiteral {
    /// The fields set, in the order they were first set, and what went wrong setting them.
    private(set) var named = NamedValues()

    public init() {}

    public init(dictionaryLiteral elements: (String, any WorkflowValue)...) {
        named.entries = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The field `field`: set it to a future or a constant of its type (`3`, `"text"`,
    /// `.constant(value)`); read, it is what was set.
    public subscript<Value: Codable>(dynamicMember field: KeyPath<Fields, Value>) -> Future<Value> {
        get { value(of: field) }
        set { set(field, to: newValue) }
    }

    /// An optional field set to a future of its wrapped type, which it takes as it is.
    public subscript<Value: Codable>(dynamicMember field: KeyPath<Fields, Value?>) -> Future<Value> {
        get { Future(value(of: field).bound) }
        set { set(field, to: newValue) }
    }

    private func value<Value>(of field: KeyPath<Fields, Value>) -> Future<Value> where Value: Encodable {
        let name = try? FieldPaths.path(of: field).first
        if let entry = named.entries.first(where: { $0.name == name }) {
            return Future(entry.value.workflowBinding())
        }
        return Future.broken("\(field) is read before it is set")
    }

    private mutating func set<Value: Encodable>(_ field: KeyPath<Fields, Value>, to value: any WorkflowValue) {
        let keys: [String]
        do {
            keys = try FieldPaths.path(of: field)
        } catch {
            named.problems.append((field: "", message: error.description))
            return
        }
        guard keys.count == 1, let name = keys.first else {
            named.problems.append((field: keys[0], message: "\(field) sets a part of a field; set the whole field \(keys[0])"))
            return
        }
        if let index = named.entries.firstIndex(where: { $0.name == name }) {
            named.entries[index].value = value
        } else {
            named.entries.append((name: name, value: value))
        }
    }
}

/// Values bound by name, with the problems found while they were set (reported where they are
/// bound): what the typed and the string forms of a call both give the builder.
struct NamedValues {
    var entries: [(name: String, value: any WorkflowValue)] = []
    /// By field; "" when the field could not be told.
    var problems: [(field: String, message: String)] = []

    init(entries: [(name: String, value: any WorkflowValue)] = []) {
        self.entries = entries
    }

    init(_ pairs: KeyValuePairs<String, any WorkflowValue>) {
        entries = pairs.map { (name: $0.key, value: $0.value) }
    }
}
