import SluiceWire

/// Bounds on what a caller sends, checked before a call does any work: each refusal is an
/// INVALID_ARGUMENT naming the call, the field and the limit. A message is at most 16 MiB, but
/// within that a million phase filters or a hundred-kilobyte id would still cost a service far
/// more than the call is worth (a query with a million variables, a listing that holds the id
/// for ever). Values that are data (inputs, outputs, signal values, task scripts) are bounded by
/// the message size alone.
public struct RequestBounds: Sendable {
    /// Ids and names: execution, node, signal, attempt and executor ids, task and workflow names
    /// and versions, digests, label keys.
    public static let idBytes = 256
    /// Opaque page tokens handed back by a listing.
    public static let pageTokenBytes = 1024
    /// Text a person writes: reasons, comments, who set a signal, label values.
    public static let textBytes = 16 << 10
    /// Labels on one execution or filter.
    public static let labels = 64
    /// Nodes (and declared tasks) of one dynamic task's subgraph: a wider fan-out of one task
    /// is a map node's job, which stores its elements compactly.
    public static let subgraphNodes = 10_000

    /// The call, as messages name it ("list_executions").
    public let call: String

    public init(call: String) {
        self.call = call
    }

    /// `value` is at most `limit` bytes of UTF-8.
    public func text(_ value: String, _ field: String, atMost limit: Int = RequestBounds.idBytes) throws(ServiceError) {
        let bytes = value.utf8.count
        guard bytes > limit else { return }
        throw refusal("\(field) is \(bytes) bytes long; at most \(limit) are allowed", field: field)
    }

    /// Each value is at most `limit` bytes.
    public func texts(_ values: [String], _ field: String, atMost limit: Int = RequestBounds.idBytes) throws(ServiceError) {
        for (index, value) in values.enumerated() { try text(value, "\(field)[\(index)]", atMost: limit) }
    }

    /// A repeated field or map holds at most `limit` entries.
    public func count(_ count: Int, _ field: String, atMost limit: Int) throws(ServiceError) {
        guard count > limit else { return }
        throw refusal("\(field) holds \(count) entries; at most \(limit) are allowed", field: field)
    }

    /// Labels: at most ``labels`` of them, keys ids, values text.
    public func labels(_ labels: [String: String], _ field: String) throws(ServiceError) {
        try count(labels.count, field, atMost: Self.labels)
        for key in labels.keys.sorted() {
            try text(key, "\(field) key '\(key.prefix(40))'")
            try text(labels[key] ?? "", "\(field).\(key)", atMost: Self.textBytes)
        }
    }

    /// A listing's page token.
    public func pageToken(_ value: String) throws(ServiceError) {
        try text(value, "page_token", atMost: Self.pageTokenBytes)
    }

    /// A task or workflow id: name and version are ids.
    public func identifier(_ id: Identifier?, _ field: String) throws(ServiceError) {
        guard let id else { return }
        try text(id.name, "\(field).name")
        try text(id.version, "\(field).version")
    }

    private func refusal(_ message: String, field: String) -> ServiceError {
        ServiceError.invalidArgument("\(call): \(message)", details: [ErrorDetail(message: message, field: field)])
    }
}
