import SluiceKit
import Testing

/// What a typed handle's `result()` throws, as people read it.
@Suite struct ExecutionFailureTests {
    @Test func eachEndIsNamedAsWhatItIs() {
        let rejected = Execution(id: "e1", phase: .failed, error: ExecutionError(
            kind: .user, code: "Rejected", message: "rejected by bob: y looks wrong", nodeID: "review", actor: "bob"))
        #expect(ExecutionFailure(rejected).kind == .rejected)
        #expect("\(ExecutionFailure(rejected))" == "execution e1 was rejected by bob: y looks wrong (at review)")

        let failed = Execution(id: "e2", phase: .failed, error: ExecutionError(
            kind: .user, code: "NonZeroExit", message: "exit status 1", nodeID: "check", attempt: 2))
        #expect("\(ExecutionFailure(failed))" == "execution e2 failed: node check, attempt 2: NonZeroExit: exit status 1")

        let timedOut = Execution(id: "e3", phase: .timedOut, error: ExecutionError(
            kind: .user, code: "ExecutionTimeout", message: "the execution did not end within its timeout of 60s"))
        #expect(ExecutionFailure(timedOut).kind == .timedOut)
        #expect("\(ExecutionFailure(timedOut))" == "execution e3 timed out: ExecutionTimeout: the execution did not end within its timeout of 60s")

        let aborted = Execution(id: "e4", phase: .aborted, abort: AbortInfo(reason: "wrong inputs", actor: "ada"))
        #expect("\(ExecutionFailure(aborted))" == "execution e4 was aborted by ada: wrong inputs")
    }
}
