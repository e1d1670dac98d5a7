import SluiceExecutor

/// A task written as a Swift closure over Codable values. Its interface (the names and types
/// of its inputs and outputs) is derived from the fields of `Input` and `Output`:
///
///     struct AddOneInput: Codable { var x: Int }
///     struct AddOneOutput: Codable { var y: Int }
///     let addOne = SwiftTask("add-one", version: "1") { (input: AddOneInput) in
///         AddOneOutput(y: input.x + 1)
///     }
///
/// An error the body throws fails the attempt (retried by ``Retries``); throw a `TaskFailure`
/// to choose its code and kind.
public struct SwiftTask<Input: Codable & SendableMetatype, Output: Codable & SendableMetatype>: SwiftTaskDefinition {
    public let name: String
    public let version: String
    public var options: TaskOptions
    private let interface: Result<TypedInterface, SchemaError>
    private let run: @Sendable (Input) async throws -> Output

    public init(
        _ name: String, version: String, description: String = "", retries: Retries? = nil, timeout: Duration? = nil,
        heartbeatTimeout: Duration? = nil, pool: String = "", cache: Caching? = nil, labels: [String: String] = [:],
        codeVersion: String = "", _ body: @escaping @Sendable (Input) async throws -> Output
    ) {
        self.init(
            name, version: version,
            options: TaskOptions(
                description: description, retries: retries, timeout: timeout, heartbeatTimeout: heartbeatTimeout,
                pool: pool, cache: cache, labels: labels, codeVersion: codeVersion),
            body)
    }

    public init(_ name: String, version: String, options: TaskOptions, _ body: @escaping @Sendable (Input) async throws -> Output) {
        self.name = name
        self.version = version
        self.options = options
        self.run = body
        self.interface = TypedBody.interface(Input.self, Output.self)
    }

    public var taskID: Identifier { Identifier(name: name, version: version) }

    /// Runs the body on `input`, as an attempt would but with no executor: for unit tests of a
    /// task (`#expect(try await addOne(AddOneInput(x: 1)).y == 2)`).
    public func callAsFunction(_ input: Input) async throws -> Output {
        try await run(input)
    }

    public var functionName: String { name }

    /// The interface derived from `Input` and `Output`.
    public var typedInterface: TypedInterface {
        get throws(SchemaError) { try interface.get() }
    }

    public var spec: TaskSpec {
        get throws {
            options.spec(id: taskID, interface: try interface.get(), kind: .swift(SluiceWire.SwiftTask(name: functionName)))
        }
    }

    public var body: SwiftTaskRegistry.Body {
        let optionalOutputs = ((try? interface.get())?.outputs ?? [])
            .filter { $0.type?.accepts(.none) ?? false }
            .map(\.name)
        return TypedBody.make(Input.self, Output.self, optionalOutputs: optionalOutputs, run)
    }
}
