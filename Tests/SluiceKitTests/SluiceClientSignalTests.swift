import Foundation
import SluiceKit
import SluiceRPC
import Synchronization
import Testing

/// SluiceClient's signal calls against a scripted admin: what each sends and returns.
extension SluiceClientTests {
    /// Answers set_signal with the signal as sent ("again" as set before), and keeps every request.
    final class SentSignals: Sendable {
        private let sent = Mutex<[SetSignalRequest]>([])

        var requests: [SetSignalRequest] { sent.withLock { $0 } }

        func answer(_ call: AdminRequest.Call) throws -> AdminResponse.Reply {
            guard case .setSignal(let request) = call else { throw ServiceError.unimplemented(call.fieldName) }
            sent.withLock { $0.append(request) }
            let signal = Signal(executionID: request.executionID, signalID: request.signalID, value: request.value,
                                setBy: "caller", comment: request.comment, displayName: request.displayName)
            return .setSignal(SetSignalResponse(signal: signal, alreadySet: request.signalID == "again"))
        }
    }

    @Test func settingASignalSendsTheValueWhoAndWhy() async throws {
        let sent = SentSignals()
        let responses = try await withClient(sent.answer) { client in
            [try await client.setSignal("size", of: "e1", to: .int(3), as: "bob", comment: "three will do"),
             try await client.setSignal("again", of: "e1", to: .string("x"))]
        }
        #expect(sent.requests == [
            SetSignalRequest(executionID: "e1", signalID: "size", value: .int(3), displayName: "bob", comment: "three will do"),
            SetSignalRequest(executionID: "e1", signalID: "again", value: .string("x")),
        ])
        #expect(responses.map(\.alreadySet) == [false, true])
        #expect(responses.first?.signal?.value == .int(3))
    }

    @Test func approvalsAreTrueAndRejectionsFalseWithTheirReason() async throws {
        let sent = SentSignals()
        try await withClient(sent.answer) { client in
            try await client.approve("ship", of: "e1", as: "ada", comment: "fine")
            try await client.reject("ship", of: "e2", reason: "page 3 is blank", as: "ada")
        }
        #expect(sent.requests == [
            SetSignalRequest(executionID: "e1", signalID: "ship", value: .bool(true), displayName: "ada", comment: "fine"),
            SetSignalRequest(executionID: "e2", signalID: "ship", value: .bool(false), displayName: "ada", comment: "page 3 is blank"),
        ])
    }

    @Test func aSwiftValueIsSentEncoded() async throws {
        let sent = SentSignals()
        try await withClient(sent.answer) { client in
            try await client.setSignal("plan", of: "e1", to: PrintPlan(copies: 2, paper: "A4"))
            try await client.setSignal("when", of: "e1", to: Date(timeIntervalSince1970: 1_769_850_000))
        }
        #expect(sent.requests.map(\.value) == [
            .map(["copies": .int(2), "paper": .string("A4")]),
            .datetime(Timestamp(seconds: 1_769_850_000)),
        ])
    }

    @Test func signalsAndPendingGatesAreListed() async throws {
        let pendingRequests = Mutex<[ListPendingGatesRequest]>([])
        let (signals, pending) = try await withClient({ call in
            switch call {
            case .listSignals(let request):
                return .listSignals(ListSignalsResponse(signals: [Signal(executionID: request.executionID, signalID: "size")]))
            case .listPendingGates(let request):
                pendingRequests.withLock { $0.append(request) }
                let page = Int(request.pageToken) ?? 0
                return .listPendingGates(ListPendingGatesResponse(
                    gates: [PendingGate(executionID: "e\(page)", signalID: request.signalID)], nextPageToken: page < 5 ? "\(page + 1)" : ""))
            default: throw ServiceError.unimplemented(call.fieldName)
            }
        }) { client in
            (try await client.signals(of: "e7"), try await client.pendingGates(workflow: "approval", signalID: "ship", limit: 3))
        }
        #expect(signals == [Signal(executionID: "e7", signalID: "size")])
        #expect(pending.map(\.executionID) == ["e0", "e1", "e2"])
        let sent = pendingRequests.withLock { $0 }
        #expect(sent.map(\.pageToken) == ["", "1", "2"])
        #expect(sent.map(\.limit) == [3, 2, 1], "each page asks only for what is still missing")
        #expect(sent.allSatisfy { $0.workflow == "approval" && $0.signalID == "ship" })
    }
}
