import SluiceRPC

extension SluiceClient {
    /// Sets the value a gate of the execution waits for under `signalID`. Admin type-checks it
    /// against the type the gate declares (an INVALID_ARGUMENT naming both when it does not
    /// match). A signal may be set before its gate is reached. Setting the same value again
    /// changes nothing (`alreadySet` is true); another value than the one set is refused.
    /// - Parameters:
    ///   - displayName: a name to show beside the principal the client's token names, which is
    ///     recorded as who set it (a person's name when a shared token sets it).
    ///   - comment: a reason, shown with the signal.
    @discardableResult
    public func setSignal(
        _ signalID: String, of executionID: String, to value: Literal, as displayName: String = "", comment: String = ""
    ) async throws -> SetSignalResponse {
        let request = SetSignalRequest(executionID: executionID, signalID: signalID, value: value, displayName: displayName, comment: comment)
        return try await admin.call(.setSignal(request), timeout: timeout) {
            if case .setSignal(let reply) = $0 { reply } else { nil }
        }
    }

    /// Sets a signal to a Swift value, encoded as ``LiteralEncoder`` encodes it (a struct
    /// becomes a map of its fields), so a `Codable` type mirroring the gate's declared type
    /// can be sent as it is.
    @discardableResult
    public func setSignal<T: Encodable>(
        _ signalID: String, of executionID: String, to value: T, as displayName: String = "", comment: String = ""
    ) async throws -> SetSignalResponse {
        try await setSignal(signalID, of: executionID, to: try LiteralEncoder().encode(value), as: displayName, comment: comment)
    }

    /// Approves the approve gate waiting under `signalID`: it passes its input on.
    @discardableResult
    public func approve(
        _ signalID: String, of executionID: String, as displayName: String = "", comment: String = ""
    ) async throws -> SetSignalResponse {
        try await setSignal(signalID, of: executionID, to: .bool(true), as: displayName, comment: comment)
    }

    /// Rejects the approve gate waiting under `signalID`: the gate fails with `reason`.
    @discardableResult
    public func reject(
        _ signalID: String, of executionID: String, reason: String, as displayName: String = ""
    ) async throws -> SetSignalResponse {
        try await setSignal(signalID, of: executionID, to: .bool(false), as: displayName, comment: reason)
    }

    /// The execution's signals: those set, and those its gates declare that are still unset.
    public func signals(of executionID: String) async throws -> [Signal] {
        try await admin.call(.listSignals(ListSignalsRequest(executionID: executionID)), timeout: timeout) {
            if case .listSignals(let reply) = $0 { reply.signals } else { nil }
        }
    }

    /// Gates waiting for someone across all executions, optionally only those of one workflow
    /// (by name) or under one signal id.
    public func pendingGates(workflow: String = "", signalID: String = "", limit: Int = 100) async throws -> [PendingGate] {
        try await pages(limit: limit) { token, pageLimit in
            let request = ListPendingGatesRequest(workflow: workflow, signalID: signalID, limit: pageLimit, pageToken: token)
            let reply = try await self.admin.call(.listPendingGates(request), timeout: self.timeout) {
                if case .listPendingGates(let reply) = $0 { reply } else { nil }
            }
            return (reply.gates, reply.nextPageToken)
        }
    }
}
