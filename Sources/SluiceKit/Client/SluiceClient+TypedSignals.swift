import SluiceRPC

/// An approve or signal gate of an execution that is waiting now.
public struct WaitingGate: Sendable, Hashable {
    /// The gate's node, as `sluice status` names it ("review", "sub/approve").
    public var nodeID: String
    /// What it waits for, and until when.
    public var gate: GateStatus
    /// For an approve gate: the value it passes on when approved.
    public var underReview: Literal?

    /// The value under review as a Swift value (`try gate.underReview(as: Report.self)`).
    /// Throws an INVALID_ARGUMENT ``ServiceError`` when the gate has none (a signal gate) or it
    /// does not decode as `T`.
    public func underReview<T: Decodable>(as type: T.Type) throws -> T {
        guard let underReview else {
            throw ServiceError.invalidArgument("gate \(nodeID) has no value under review; only an approve gate has one")
        }
        do {
            return try LiteralDecoder().decode(type, from: underReview)
        } catch {
            throw ServiceError.invalidArgument("the value under review at \(nodeID) is not a \(T.self): \(DecodingFailure.describe(error))")
        }
    }
}

extension SluiceClient {
    /// Gives `key`'s signal gate of the execution its value (see ``setSignal(_:of:to:as:comment:)``).
    @discardableResult
    public func signal<T>(
        _ key: SignalKey<T>, of executionID: String, to value: T, as displayName: String = "", comment: String = ""
    ) async throws -> SetSignalResponse {
        try await setSignal(key.name, of: executionID, to: value, as: displayName, comment: comment)
    }

    /// Approves `key`'s approve gate of the execution: it passes its input on.
    @discardableResult
    public func approve(_ key: ApprovalKey, of executionID: String, as displayName: String = "", comment: String = "") async throws -> SetSignalResponse {
        try await approve(key.name, of: executionID, as: displayName, comment: comment)
    }

    /// Rejects `key`'s approve gate of the execution: the gate fails with `reason`.
    @discardableResult
    public func reject(_ key: ApprovalKey, of executionID: String, reason: String, as displayName: String = "") async throws -> SetSignalResponse {
        try await reject(key.name, of: executionID, reason: reason, as: displayName)
    }

    /// Waits until a gate of the execution waits for `key`'s value, and returns it; at once
    /// when one already does. Throws FAILED_PRECONDITION when the execution ends first, and
    /// DEADLINE_EXCEEDED after `timeout`.
    public func waitUntilWaiting<T>(for key: SignalKey<T>, of executionID: String, timeout: Duration? = nil) async throws -> WaitingGate {
        try await waitUntilWaiting(forSignal: key.name, of: executionID, timeout: timeout)
    }

    /// Waits until `key`'s approve gate of the execution waits for a decision, and returns it
    /// with the value under review.
    public func waitUntilWaiting(for key: ApprovalKey, of executionID: String, timeout: Duration? = nil) async throws -> WaitingGate {
        try await waitUntilWaiting(forSignal: key.name, of: executionID, timeout: timeout)
    }

    /// Waits until a gate of the execution waits under `signalID`: its state first, then its
    /// events from there, so no polling loop and no missed pause.
    public func waitUntilWaiting(forSignal signalID: String, of executionID: String, timeout: Duration? = nil) async throws -> WaitingGate {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        // The execution first, for the sequence its node records are at least as new as.
        let execution = try await execution(executionID)
        for node in try await nodes(of: executionID).sorted(by: { $0.nodeID < $1.nodeID }) {
            if node.phase == .paused, let gate = node.gate, gate.signalID == signalID {
                return WaitingGate(nodeID: node.nodeID, gate: gate, underReview: gate.underReview(in: node.inputs))
            }
        }
        var cursor = execution.lastSequence
        while true {
            var wait = Self.longPoll
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else {
                    throw ServiceError(.deadlineExceeded, "no gate of execution \(executionID) waited for '\(signalID)' within \(timeout.map { "\($0)" } ?? "")")
                }
                wait = min(wait, left)
            }
            let batch = try await events(of: executionID, after: cursor, wait: wait)
            for event in batch.events where event.sequence > cursor {
                cursor = event.sequence
                if case .node(let change)? = event.kind, change.phase == .paused, let gate = change.gate, gate.signalID == signalID {
                    return WaitingGate(nodeID: change.nodeID, gate: gate, underReview: gate.underReview(in: change.inputs))
                }
            }
            if batch.phase.hasEnded, batch.events.isEmpty {
                throw ServiceError(.failedPrecondition,
                                   "execution \(executionID) ended (\(batch.phase.name)) with no gate waiting for '\(signalID)'")
            }
            if batch.events.isEmpty { try await Self.pauseAfterEmptyPoll() }
        }
    }
}
