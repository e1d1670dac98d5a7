import SluiceCore
import SluiceExecutor

/// A workflow body written as plain code (Flowy's model): calls return futures at once, a call
/// whose inputs hold futures waits for them, and reading a value (`try await future.value`)
/// that is not there yet stops the body, which runs again from the top once it is:
///
///     let publish = WorkflowBody("publish", version: "1", calls: [embed, encode, findChapters, thumbnail]) {
///         (input: Video, wf: Workflow<Video, Published>.Builder) in
///         let embedded = wf.call(embed) { $0.video = .constant(input.video) }
///         let encoded = input.formats.map { format in wf.call(encode) { $0.video = embedded.video; $0.format = .constant(format) } }
///         let chapters = try await wf.call(findChapters) { $0.video = embedded.video }.chapters.value
///         let thumbnails = chapters.map { at in wf.call(thumbnail) { $0.video = embedded.video; $0.at = .constant(at) } }
///         return wf.outputs { $0.files = wf.collect(encoded.map(\.file)); $0.thumbnails = wf.collect(thumbnails.map(\.file)) }
///     }
///
/// The node that calls it runs it on a worker as a sequence of decisions; the calls it makes
/// join the execution under the node's id ("publish/n2"), each run, retried and cached like a
/// task node. Node ids follow call order, so a body must be deterministic: the same inputs and
/// values must make the same calls in the same order (no clock, random numbers or I/O outside
/// calls). A decision that makes other calls than those recorded fails the node, naming the
/// first that differs.
public struct WorkflowBody<Input: Codable & SendableMetatype, Output: Codable & SendableMetatype>: SwiftTaskDefinition, DynamicTaskDefinition {
    public typealias Run = @Sendable (Input, Workflow<Input, Output>.Builder) async throws -> FutureFields<Output>

    public let name: String
    public let version: String
    public var options: TaskOptions
    /// Tasks the body may call: registered with a workflow that calls it, served by a worker
    /// that serves it.
    public let calls: [any TaskDefinition]
    /// Workflows it may call as sub-workflows (each one entry in its history).
    public let workflows: [any WorkflowDefinition]
    private let interface: Result<TypedInterface, SchemaError>
    private let run: Run

    /// `timeout` and `retries` are per decision; the node's own `timeout:` bounds the whole body.
    public init(
        _ name: String, version: String, description: String = "", retries: Retries? = nil, timeout: Duration? = nil,
        pool: String = "", labels: [String: String] = [:],
        calls: [any TaskDefinition] = [], workflows: [any WorkflowDefinition] = [], _ run: @escaping Run
    ) {
        self.name = name
        self.version = version
        self.options = TaskOptions(description: description, retries: retries, timeout: timeout, pool: pool, cache: nil, labels: labels)
        self.calls = calls
        self.workflows = workflows
        self.run = run
        self.interface = TypedBody.interface(Input.self, Output.self)
    }

    public var taskID: Identifier { Identifier(name: name, version: version) }
    public var functionName: String { name }

    public var spec: TaskSpec {
        get throws {
            options.spec(
                id: taskID, interface: try interface.get(),
                kind: .dynamic(SluiceWire.DynamicTask(body: .swiftName(functionName), style: .incremental)))
        }
    }

    /// One decision, as a worker makes it: the body run from the top with what `replay` says
    /// is recorded. Its calls past the recorded ones, and its outputs or the values it waits
    /// for. For unit tests of a body, `LocalRunner` runs it whole.
    public func decision(for input: Input, replay: BodyReplay) async throws -> DynamicResult {
        let interface = try interface.get()
        let builder = Workflow<Input, Output>.Builder(inputTypes: WorkflowBuilder.types(of: interface.inputs))
        let reader = BodyReader(replay: replay, inputs: try TypedBody.outputs(of: input, optionalOutputs: []))
        builder.reader = reader
        var returned: FutureFields<Output>?
        do {
            returned = try await BodyReader.$running.withValue(reader.run) { try await run(input, builder) }
        } catch {
            // A suspension, even one the body caught and replaced by an error of its own.
            guard reader.suspended else { throw error }
        }
        let made = Array(builder.nodes.prefix(reader.callsAtSuspension ?? builder.nodes.count))
        let outputs = reader.suspended ? [:] : builder.bind(returned?.named ?? NamedValues(), nodeID: "")
        guard builder.problems.isEmpty else {
            throw TaskFailure(
                code: "InvalidCalls", message: "the body \(name) made calls with problems: " + builder.problems.map(\.description).joined(separator: "; "))
        }
        return try BodyCalls(made: made, history: replay.history).result(
            tasks: (builder.tasks + calls).declaredSpecs, outputs: outputs, complete: !reader.suspended,
            awaiting: reader.awaiting, read: reader.read)
    }

    /// The body a worker runs: one decision, for the replay the executor set.
    public var body: SwiftTaskRegistry.Body {
        { @Sendable inputs in
            let replay = BodyReplay.current ?? BodyReplay(history: BodyHistory(), resolved: [])
            let result = try await decision(for: try TypedBody.decodedInput(Input.self, from: inputs), replay: replay)
            return try DynamicSubgraph.outputs(carrying: result)
        }
    }
}

/// The calls one decision made, checked against the recorded ones by their chained digest.
struct BodyCalls {
    let made: [Node]
    let history: BodyHistory

    func result(
        tasks: [TaskSpec], outputs: [String: Binding], complete: Bool, awaiting: [OutputReference], read: [String]
    ) throws -> DynamicResult {
        let recorded = Int(history.calls)
        var digest = ""
        var recordedDigest = recorded == 0 ? "" : nil
        for (index, call) in made.enumerated() {
            digest = try BodyDecision.digest(after: digest, call: call)
            if index + 1 == recorded { recordedDigest = digest }
        }
        var result = DynamicResult(tasks: tasks, outputs: outputs, complete: complete, awaiting: awaiting)
        result.historyDigest = digest
        result.read = read
        if recordedDigest != history.digest {
            // Every call, for the error to name the first that differs.
            result.nodes = made
            result.diverged = true
            result.outputs = [:]
        } else {
            result.nodes = Array(made.dropFirst(recorded))
            result.firstCall = UInt32(recorded)
        }
        return result
    }
}
