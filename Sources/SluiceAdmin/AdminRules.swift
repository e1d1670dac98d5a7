import SluiceCore
import SluiceWire

/// The checks and computations admin takes from SluiceCore: validating tasks, compiling
/// workflows, binding execution inputs, and content digests. Held as values so that tests can
/// exercise the service around them; ``standard`` is what a deployment uses.
public struct AdminRules: Sendable {
    /// Problems with a task spec on its own; empty when it is valid.
    public var taskProblems: @Sendable (TaskSpec) -> [String]
    /// Compiles a workflow against the registered tasks and workflows; throws
    /// ``WorkflowCompilationError`` listing every problem.
    public var compileWorkflow: @Sendable (WorkflowSpec, any WorkflowRegistry) throws -> CompiledWorkflow
    /// Checks inputs against an interface and fills in defaults; throws ``InputBindingError``.
    public var bindInputs: @Sendable (TypedInterface, [String: Literal]) throws -> [String: Literal]
    /// "sha256:<hex>" of canonical message bytes.
    public var digest: @Sendable ([UInt8]) -> String

    public init(
        taskProblems: @escaping @Sendable (TaskSpec) -> [String],
        compileWorkflow: @escaping @Sendable (WorkflowSpec, any WorkflowRegistry) throws -> CompiledWorkflow,
        bindInputs: @escaping @Sendable (TypedInterface, [String: Literal]) throws -> [String: Literal],
        digest: @escaping @Sendable ([UInt8]) -> String
    ) {
        self.taskProblems = taskProblems
        self.compileWorkflow = compileWorkflow
        self.bindInputs = bindInputs
        self.digest = digest
    }

    /// SluiceCore's validator, compiler, input binding and SHA-256.
    public static let standard = AdminRules(
        taskProblems: { TaskValidator.problems(in: $0) },
        compileWorkflow: { spec, registry in try WorkflowCompiler.compile(spec, registry: registry) },
        bindInputs: { interface, inputs in try interface.bindInputs(inputs) },
        digest: { ContentDigest.sha256($0) })
}
