import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// Tokens and roles on real services: who may do what, who an approval records, and what an
/// executor may do for another.
@Suite("Authorization on real services", .serialized)
struct AuthorizationEndToEndTests {
    typealias S = ShellSpecs

    /// An approve gate only the group "release" may decide.
    static let guarded = S.workflow("guarded", outputs: ["result": S.int], nodes: [
        S.node("a", S.addOne, ["x": S.future("", "n")]),
        GateEndToEndTests.gate("review", .approve(ApproveGate(signalID: "ship", approvers: ["group:release"])),
                               inputs: ["value": S.future("a", "y")]),
        S.node("after", S.addOne, ["x": S.future("review", "value")]),
    ], bindings: ["result": S.future("after", "y")])

    static func decide(_ token: String, _ address: String, _ id: String, as displayName: String = "") async throws -> SetSignalResponse {
        let client = try AdminClient(address: address, token: token)
        defer { Task { await client.close() } }
        guard case .setSignal(let reply) = try await client.call(.setSignal(SetSignalRequest(
            executionID: id, signalID: "ship", value: .bool(true), displayName: displayName))) else {
            throw ServiceError.internal("not a set_signal reply")
        }
        return reply
    }

    @Test("an approve gate naming a group is decided by its members only; the approval records the principal, and the name given beside it")
    func approversDecide() async throws {
        try await Cluster.with(tasks: [S.addOne], workflows: [Self.guarded]) { cluster, client in
            let started = try await client.start("guarded", inputs: ["n": .int(1)])
            // Early, before the gate is reached, as after: the admin role is not in the group.
            do {
                _ = try await Self.decide(TestPrincipals.adminToken, cluster.adminAddress, started.id)
                Issue.record("someone outside the group decided the gate")
            } catch let error as ServiceError {
                #expect(error.code == .permissionDenied)
                #expect(error.message.contains("tester may not decide 'ship' of execution \(started.id)"), "\(error.message)")
                #expect(error.message.contains("group:release"))
            }
            let approved = try await Self.decide(TestPrincipals.operatorToken, cluster.adminAddress, started.id, as: "Otto Mayer")
            #expect(approved.signal?.setBy == "otto" && approved.signal?.displayName == "Otto Mayer")
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.outputs == ["result": .int(3)])
            // Through the CLI, as a person does: named in `sluice signals`.
            let signals = try await sluice(["signals", started.id, "--admin", cluster.adminAddress])
            #expect(signals.output.contains("otto (as Otto Mayer)"), "\(signals.output)")
        }
    }

    @Test("each role makes its calls only: a viewer reads but cannot run; a service cannot register; no token is UNAUTHENTICATED")
    func rolesThroughTheCLI() async throws {
        try await Cluster.with(tasks: [S.addOne], workflows: [Self.guarded]) { cluster, _ in
            let admin = ["--admin", cluster.adminAddress]
            let listed = try await sluice(["workflows"] + admin, token: TestPrincipals.viewerToken)
            #expect(listed.status == 0 && listed.output.contains("guarded"), "\(listed.errors)")

            let run = try await sluice(["run", "guarded", "-i", "n=1"] + admin, token: TestPrincipals.viewerToken)
            #expect(run.status == 1)
            #expect(run.errors.contains("vera (viewer) may not call create_execution on the admin service"), "\(run.errors)")

            let anonymous = try await sluice(["workflows"] + admin, token: "")
            #expect(anonymous.status == 1)
            #expect(anonymous.errors.contains("needs a token with every call"), "\(anonymous.errors)")
            let wrong = try await sluice(["workflows"] + admin, token: "sluice_not-a-token")
            #expect(wrong.errors.contains("does not accept the token"), "\(wrong.errors)")
            #expect(!wrong.errors.contains(TestPrincipals.adminToken))

            let service = try AdminClient(address: cluster.adminAddress, token: TestPrincipals.serviceToken)
            defer { Task { await service.close() } }
            await #expect { try await service.register(tasks: [S.addOne], workflows: []) } throws: {
                ($0 as? ServiceError)?.code == .permissionDenied
            }
        }
    }

    @Test("an executor acts only for itself: another principal cannot make it leave, keep or complete its attempts, and it goes on working")
    func executorsActOnlyForThemselves() async throws {
        let nap = S.sleeper(seconds: "2")
        let napping = S.workflow("napping", outputs: ["result": S.int], nodes: [S.node("n", nap, ["x": S.future("", "n")])],
                                 bindings: ["result": S.future("n", "y")])
        try await Cluster.with(tasks: [nap], workflows: [napping]) { cluster, client in
            let viewer = try SchedulerClient(address: cluster.schedulerAddress, token: TestPrincipals.viewerToken)
            let intruder = try SchedulerClient(address: cluster.schedulerAddress, token: TestPrincipals.otherServiceToken)
            defer { Task { await viewer.close(); await intruder.close() } }
            let listed = try await eventually(within: .seconds(10)) { () -> [ExecutorStatus]? in
                guard case .listExecutors(let reply) = try await viewer.call(.listExecutors(ListExecutorsRequest())) else { return nil }
                return reply.executors.isEmpty ? nil : reply.executors
            }
            let executorID = try #require(listed?.first?.info?.executorID)

            let started = try await client.start("napping", inputs: ["n": .int(5)])
            let attempt = try await eventually(within: .seconds(10)) { () -> TaskAttempt? in
                try await client.nodes(started.id)["n"]?.attempts.last.flatMap { $0.phase == .running ? $0 : nil }
            }
            let attemptID = try #require(attempt?.attemptID)

            func refusal(_ client: SchedulerClient, _ call: SchedulerRequest.Call) async -> ServiceError? {
                do {
                    _ = try await client.call(call)
                    return nil
                } catch {
                    return error as? ServiceError
                }
            }
            #expect(await refusal(viewer, .leave(LeaveRequest(executorID: executorID)))?.code == .permissionDenied)
            // Executor ids are known behind their principal: another principal naming one names
            // an executor of its own, which is not the one running the attempt.
            #expect(executorID.hasPrefix("sluice-services/"), "\(executorID)")
            let bareID = String(executorID.dropFirst("sluice-services/".count))
            for named in [executorID, bareID] {
                #expect(await refusal(intruder, .leave(LeaveRequest(executorID: named))) == nil)
                guard case .heartbeat(let beat) = try await intruder.call(.heartbeat(HeartbeatRequest(executorID: named, attemptIDs: [attemptID])))
                else { Issue.record("not a heartbeat reply"); return }
                #expect(beat.cancelAttemptIDs == [attemptID], "the intruder is told the attempt is not its own")
            }
            guard case .listExecutors(let after) = try await viewer.call(.listExecutors(ListExecutorsRequest())) else { return }
            #expect(after.executors.first { $0.info?.executorID == executorID }?.draining == false, "the real executor did not leave")
            let forged = CompleteAttemptRequest(executorID: bareID, attemptID: attemptID, outcome: .outputs(["y": .int(666)]))
            let completion = await refusal(intruder, .completeAttempt(forged))
            #expect(completion?.code == .permissionDenied)
            #expect(completion?.message.contains("which an executor of another principal holds") == true, "\(String(describing: completion))")
            #expect(await refusal(intruder, .completeAttempts(CompleteAttemptsRequest(completions: [forged])))?.code == .permissionDenied)

            let ended = try await client.waitForEnd(started.id)
            #expect(ended.outputs == ["result": .int(5)], "the executor's own result stands")
            let again = try await client.start("napping", inputs: ["n": .int(6)])
            #expect(try await client.waitForEnd(again.id).outputs == ["result": .int(6)], "the executor still takes work")
        }
    }
}
