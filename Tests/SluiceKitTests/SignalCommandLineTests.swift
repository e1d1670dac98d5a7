import Foundation
import Logging
import SluiceKit
import SluiceRPC
import SluiceTestSupport
import Synchronization
import Testing

/// The built `sluice signal`, `approve`, `reject` and `signals` against an admin scripted in the
/// test: what they send, what they print, and how they fail.
@Suite struct SignalCommandLineTests {
    static let workflowID = Identifier(name: "approval", version: "3")
    static let workflow = CompiledWorkflow(spec: WorkflowSpec(id: workflowID, nodes: [
        Node(id: "copies", kind: .gate(GateNode(condition: .signal(SignalGate(signalID: "copies", type: .simple(.int)))))),
        Node(id: "ship", inputs: ["value": .literal(.int(1))], kind: .gate(GateNode(condition: .approve(ApproveGate(signalID: "ship"))))),
    ]))

    /// Admin for one execution e1 of the workflow: it keeps the signals set, answers a value set
    /// again as already set, and lists one pending gate.
    final class ScriptedAdmin: Sendable {
        private let signals = Mutex<[Signal]>([])

        var set: [Signal] { signals.withLock { $0 } }

        func answer(_ call: AdminRequest.Call) throws -> AdminResponse.Reply {
            switch call {
            case .getExecution(let request):
                guard request.executionID == "e1" else { throw ServiceError.notFound("no execution \(request.executionID)") }
                return .getExecution(GetExecutionResponse(execution: Execution(
                    id: "e1", spec: ExecutionSpec(workflow: SignalCommandLineTests.workflowID), phase: .running)))
            case .getWorkflow:
                return .getWorkflow(GetWorkflowResponse(workflow: SignalCommandLineTests.workflow))
            case .setSignal(let request):
                let signal = Signal(executionID: request.executionID, signalID: request.signalID, value: request.value,
                                    setBy: "caller", comment: request.comment, displayName: request.displayName)
                let already = signals.withLock { signals in
                    if signals.contains(where: { $0.signalID == signal.signalID && $0.value == signal.value }) { return true }
                    signals.append(signal)
                    return false
                }
                return .setSignal(SetSignalResponse(signal: signal, alreadySet: already))
            case .listSignals:
                return .listSignals(ListSignalsResponse(signals: set))
            case .listPendingGates:
                return .listPendingGates(ListPendingGatesResponse(gates: [PendingGate(
                    executionID: "e1", workflow: SignalCommandLineTests.workflowID, nodeID: "ship", signalID: "ship", kind: .approve,
                    type: .simple(.bool), description: "Ship it?", waitingSince: Timestamp(seconds: 1_769_850_000))]))
            default:
                throw ServiceError.unimplemented(call.fieldName)
            }
        }
    }

    /// Runs `body` with `sluice` pointed at the scripted admin.
    func withAdmin(_ body: (ScriptedAdmin, _ sluice: ([String]) async throws -> ProcessOutcome) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-signal-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let address = "ipc://" + directory.appendingPathComponent("admin.sock").path
        let admin = ScriptedAdmin()
        let server = try RPCServer(
            service: SluiceClientTests.FakeAdmin(answer: admin.answer), listeningOn: [address], authenticator: .off, logger: Logger(label: "test"))
        server.start()
        let serving = Task { try await server.run() }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("sluice").path
        do {
            try await body(admin) { arguments in
                try await runProcess(executable, arguments + ["--admin", address],
                                     environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLUICE_") })
            }
        } catch {
            serving.cancel()
            _ = await serving.result
            throw error
        }
        serving.cancel()
        _ = await serving.result
    }

    @Test func aValueIsReadAsTheGatesTypeAndSettingItAgainIsNoChange() async throws {
        try await withAdmin { admin, sluice in
            let first = try await sluice(["signal", "e1", "copies", "3", "--as", "bob"])
            #expect(first.status == 0, "\(first.errorText)")
            #expect(first.outputText == "signal copies of execution e1 set to 3\n")
            #expect(admin.set == [Signal(executionID: "e1", signalID: "copies", value: .int(3), setBy: "caller", displayName: "bob")], "sent as an int, not text")

            let again = try await sluice(["signal", "e1", "copies", "3", "--as", "bob"])
            #expect(again.status == 0, "\(again.errorText)")
            #expect(again.outputText == "signal copies of execution e1 was already set to 3 (by caller (as bob))\n")
        }
    }

    @Test func aValueThatDoesNotParseOrASignalNoGateDeclaresIsOneLine() async throws {
        try await withAdmin { admin, sluice in
            let unparsable = try await sluice(["signal", "e1", "copies", "three"])
            #expect(unparsable.status == 1)
            #expect(unparsable.errorText.hasPrefix("error: signal 'copies' expects int: "), "\(unparsable.errorText)")
            #expect(unparsable.errorText.split(separator: "\n").count == 1)

            let undeclared = try await sluice(["signal", "e1", "copise", "3"])
            #expect(undeclared.status == 1)
            #expect(undeclared.errorText == "error: workflow approval:3 has no gate waiting for signal 'copise' (its signals: copies, ship)\n")

            let unknown = try await sluice(["signal", "e9", "copies", "3"])
            #expect(unknown.errorText == "error: no execution e9\n")
            #expect(admin.set.isEmpty, "nothing is sent when the value cannot be read")
        }
    }

    @Test func approvalsAndRejectionsAreBoolsWithWhoAndWhy() async throws {
        try await withAdmin { admin, sluice in
            let approved = try await sluice(["approve", "e1", "ship", "--as", "ada", "--comment", "fine", "--output", "json"])
            #expect(approved.status == 0, "\(approved.errorText)")
            let json = try JSONSerialization.jsonObject(with: Data(approved.output)) as? [String: Any]
            #expect(json?["already_set"] as? Bool == false)
            #expect((json?["signal"] as? [String: Any])?["value"] as? Bool == true)

            let rejected = try await sluice(["reject", "e1", "ship", "--reason", "too late"])
            #expect(rejected.status == 0, "\(rejected.errorText)")
            #expect(rejected.outputText == "rejected ship of execution e1\n")
            #expect(admin.set == [
                Signal(executionID: "e1", signalID: "ship", value: .bool(true), setBy: "caller", comment: "fine", displayName: "ada"),
                Signal(executionID: "e1", signalID: "ship", value: .bool(false), setBy: "caller", comment: "too late"),
            ])
        }
    }

    @Test func signalsListsAnExecutionsSignalsOrTheGatesWaiting() async throws {
        try await withAdmin { _, sluice in
            _ = try await sluice(["signal", "e1", "copies", "4"])
            let listed = try await sluice(["signals", "e1"])
            #expect(listed.status == 0, "\(listed.errorText)")
            #expect(listed.outputText.hasPrefix("SIGNAL  NODE  KIND  TYPE  VALUE  STATE  SET BY  SET AT  COMMENT\ncopies  -     -     -     4      set"))

            let pending = try await sluice(["signals", "--pending"])
            #expect(pending.status == 0, "\(pending.errorText)")
            #expect(pending.outputText.contains("e1         approval:3  ship  ship    approve  bool  -             2026-01-31T09:00:00Z  -             Ship it?"),
                    "\(pending.outputText)")
            let none = try await sluice(["signals", "e2", "--pending"])
            #expect(none.outputText == "no gates waiting\n", "only the given execution's gates")
        }
    }
}
