import SluiceWire

/// What a workflow body's decision is told besides its inputs: the recorded calls' count and
/// digest, and the values of the calls earlier decisions read. The executor sets it while the
/// body runs; SluiceKit's body reads it (a task-local value, so that a body keeps the plain
/// signature of a Swift task's).
public struct BodyReplay: Sendable {
    public var history: BodyHistory
    public var resolved: [Future]

    public init(history: BodyHistory, resolved: [Future]) {
        self.history = history
        self.resolved = resolved
    }

    public init(_ assignment: AttemptAssignment) {
        self.init(history: assignment.history ?? BodyHistory(), resolved: assignment.resolved)
    }

    /// The decision the running body is making; nil outside a body's decision.
    @TaskLocal public static var current: BodyReplay?
}
