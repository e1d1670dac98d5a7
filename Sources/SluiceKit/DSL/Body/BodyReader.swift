import SluiceEngine
import SluiceExecutor
import Synchronization

/// What one decision of a workflow body knows of its calls' values, and what it read: a read of
/// a value not there yet suspends the body (see ``WorkflowBuilder/value(of:)``).
final class BodyReader {
    private var values: [String: [String: Literal]] = [:]
    private var failures: [String: LiteralError] = [:]
    private let inputs: [String: Literal]
    /// The values the body waited for when it suspended.
    private(set) var awaiting: [OutputReference] = []
    /// The calls whose values it read.
    private(set) var read: [String] = []
    /// How many calls the body had made when it first read a value not there yet: calls made
    /// after that (by code that caught the suspension) are not kept, since the next decision
    /// may take another path there.
    private(set) var callsAtSuspension: Int?

    /// Tells this run of the body from every other (see ``running``).
    let run = BodyReader.runs.add(1, ordering: .relaxed).newValue
    private static let runs = Atomic<UInt64>(0)
    /// The run of a body going on in this task: a future read in it must be one it made, not one
    /// kept from another run or another execution.
    @TaskLocal static var running: UInt64?

    init(replay: BodyReplay, inputs: [String: Literal]) {
        self.inputs = inputs
        for future in replay.resolved {
            guard let reference = future.reference, let value = future.value else { continue }
            if case .error(let failure) = value {
                failures[reference.nodeID] = failure
            } else {
                values[reference.nodeID, default: [:]][reference.output] = value
            }
        }
    }

    var suspended: Bool { callsAtSuspension != nil }

    /// The value the binding holds, once every call it takes a value from has ended; throws the
    /// failure of a call that failed, or suspends the body (``BodySuspension``) naming the
    /// calls it waits for.
    func value(of binding: Binding, callsMade: Int) throws -> Literal {
        if suspended { throw BodySuspension() }
        var unresolved: [OutputReference] = []
        for future in binding.futures where future.value == nil {
            guard let reference = future.reference, !reference.nodeID.isEmpty else { continue }
            let call = reference.nodeID
            if let failure = failures[call] {
                noteRead(call)
                throw failure.kind == .timeout ? CallTimedOut(failure) as any Error : CallFailed(failure)
            }
            if values[call]?[reference.output] == nil {
                unresolved.append(reference)
            } else {
                noteRead(call)
            }
        }
        guard unresolved.isEmpty else {
            awaiting = unresolved
            callsAtSuspension = callsMade
            throw BodySuspension()
        }
        let inputs = self.inputs, values = self.values
        do {
            return try BindingResolver { call, output in call.isEmpty ? inputs[output] : values[call]?[output] }
                .resolve(binding, at: "the value read")
        } catch {
            throw TaskFailure(code: "BadRead", message: error.description)
        }
    }

    private func noteRead(_ call: String) {
        if !read.contains(call) { read.append(call) }
    }
}

/// Thrown by a read of a value that is not there yet: the body stops here, and runs again from
/// the top once the value is there. Code that catches every error should rethrow this one.
public struct BodySuspension: Error, Sendable, CustomStringConvertible {
    public var description: String { "the body waits for a call's value; it runs again once the value is there" }
}

/// A call the body read the value of failed: its error, as the call's node recorded it.
public struct CallFailed: Error, Sendable, CustomStringConvertible {
    /// The call's node id in the body ("n3").
    public let call: String
    public let code: String
    public let message: String
    public let kind: ErrorKind

    init(_ failure: LiteralError) {
        call = failure.nodeID
        code = failure.code
        message = failure.message
        kind = failure.kind
    }

    public var description: String { "call \(call) failed (\(code)): \(message)" }
}

/// A call the body read the value of ran out of time.
public struct CallTimedOut: Error, Sendable, CustomStringConvertible {
    public let call: String
    public let message: String

    init(_ failure: LiteralError) {
        call = failure.nodeID
        message = failure.message
    }

    public var description: String { "call \(call) timed out: \(message)" }
}
