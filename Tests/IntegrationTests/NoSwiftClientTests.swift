import SluiceTestSupport
import Foundation
import SluiceRPC
import SluiceWire
import Testing

/// Any protobuf implementation can speak Sluice's wire: protoc encodes, nngcat carries, protoc
/// decodes. No Swift on the client side (as the README shows).
@Suite(.serialized) struct NoSwiftClientTests {
    @Test(arguments: [("admin", "Admin"), ("scheduler", "Scheduler"), ("catalog", "Catalog")])
    func healthThroughProtocAndNngcat(_ service: String, _ message: String) async throws {
        let process = try await ServiceProcess(service)
        defer { Task { await process.stop() } }
        let request = #"header { protocol_version: 1 request_id: "from-nngcat" } health { }"#
        let (output, status) = try await shell("""
            protoc --encode=sluice.v1.\(message)Request \(protocIncludes) \
            | nngcat --req --dial \(process.address) --file - --raw --recv-timeout 5 \
            | protoc --decode=sluice.v1.\(message)Response \(protocIncludes)
            """, input: Data(request.utf8))
        let text = String(decoding: output, as: UTF8.self)
        #expect(status == 0, "the pipeline failed; it printed: \(text)")
        #expect(text.contains(#"request_id: "from-nngcat""#))
        #expect(text.contains(#"service: "\#(service)""#))
        #expect(text.contains("status: SERVING_STATUS_SERVING"))
        #expect(text.contains("protocol_version: 1"))
    }

    @Test func aRefusedCallGetsAStructuredErrorProtocCanRead() async throws {
        let process = try await ServiceProcess("admin")
        defer { Task { await process.stop() } }
        func call(_ request: String) async throws -> String {
            let (output, _) = try await shell("""
                protoc --encode=sluice.v1.AdminRequest \(protocIncludes) \
                | nngcat --req --dial \(process.address) --file - --raw --recv-timeout 5 \
                | protoc --decode=sluice.v1.AdminResponse \(protocIncludes)
                """, input: Data(request.utf8))
            return String(decoding: output, as: UTF8.self)
        }
        let missing = try await call(#"header { token: "\#(TestPrincipals.viewerToken)" } get_execution { execution_id: "e-1" }"#)
        #expect(missing.contains("code: ERROR_CODE_NOT_FOUND"))
        #expect(missing.contains("e-1"))
        // No token, or a viewer's for an operator's call: refused, and said why.
        let anonymous = try await call(#"get_execution { execution_id: "e-1" }"#)
        #expect(anonymous.contains("code: ERROR_CODE_UNAUTHENTICATED"), "\(anonymous)")
        let viewer = try await call(#"header { token: "\#(TestPrincipals.viewerToken)" } abort_execution { execution_id: "e-1" }"#)
        #expect(viewer.contains("code: ERROR_CODE_PERMISSION_DENIED"), "\(viewer)")
        #expect(viewer.contains("vera (viewer) may not call abort_execution"), "\(viewer)")
    }

    @Test func aSignalSetThroughProtocAndNngcatResumesAWaitingExecution() async throws {
        let cluster = try await Cluster.start(executors: 1)
        let client = try AdminClient(address: cluster.adminAddress, token: TestPrincipals.adminToken)
        do {
            let workflow = ShellSpecs.workflow("gated", outputs: ["result": ShellSpecs.int], nodes: [
                GateEndToEndTests.signalGate(),
                ShellSpecs.node("after", ShellSpecs.addOne, ["x": ShellSpecs.future("wait", "value")]),
            ], bindings: ["result": ShellSpecs.future("after", "y")])
            try await client.register(tasks: [ShellSpecs.addOne], workflows: [workflow])
            let started = try await client.start("gated", inputs: ["n": .int(0)])
            // Exactly the README's pipeline.
            let request = """
                header { protocol_version: 1 request_id: "signal-1" token: "\(TestPrincipals.operatorToken)" }
                set_signal { execution_id: "\(started.id)" signal_id: "size" value { int_value: 41 } display_name: "nngcat" }
                """
            let (output, status) = try await shell("""
                protoc --encode=sluice.v1.AdminRequest \(protocIncludes) \
                | nngcat --req --dial \(cluster.adminAddress) --file - --raw --recv-timeout 5 \
                | protoc --decode=sluice.v1.AdminResponse \(protocIncludes)
                """, input: Data(request.utf8))
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 0, "the pipeline failed; it printed: \(text)")
            #expect(text.contains("set_signal {"), "not a set_signal reply: \(text)")
            #expect(text.contains(#"set_by: "otto""#) && text.contains(#"display_name: "nngcat""#), "\(text)")
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(42)])
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await client.close()
        await cluster.stop()
    }
}
