import ArgumentParser
import BenchSupport
import Foundation
import Logging
import SluiceAdmin
import SluiceRPC
import SluiceWire

/// W2 cached's events through admin alone, in this process: admin's share of the
/// end-to-end figure. Each call is answered from the bytes the scheduler would send, as admin's
/// service host answers it: decoded, recorded in the SQLite store, and the reply encoded.
struct RecordBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Measures admin answering W2 cached's RecordEvents calls, without the sockets.")

    @Option(help: "Measured runs (after one warm-up run).")
    var runs = 20

    @Option(help: "Events per RecordEvents call (the scheduler sends a lookup call's answers, 250, together).")
    var batch = 250

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-record-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteAdminStore.open(at: directory.appendingPathComponent("admin.sqlite").path)
        // Every run's calls are made up front, so that the timed loop does only admin's work.
        var calls: [(execution: Execution, requests: [[UInt8]])] = []
        let token = Token.generate()
        var count = 0
        for run in 0...runs {
            let id = "ex-\(run)"
            let events = try EngineBench.cachedRun(executionID: id).events
            count = events.count
            let requests = try stride(from: 0, to: events.count, by: batch).map { start in
                let slice = Array(events[start..<min(start + batch, events.count)])
                return try AdminRequest(
                    header: RequestHeader(token: token), call: .recordEvents(RecordEventsRequest(events: slice))).serializedBytes()
            }
            calls.append((EngineBench.execution(id), requests))
        }
        // As the scheduler calls: with a token to check.
        let principals = PrincipalsFile(entries: [.init(name: "scheduler", roles: [.service], tokenHashes: [Token.hash(token)])])
        let host = ServiceHost(
            service: AdminService(store: store), authenticator: Authenticator(principals: principals),
            logger: Logger(label: "sluice.bench.record"))
        var answering: [Double] = []
        for (run, call) in calls.enumerated() {
            try await store.createExecution(call.execution, workflowDigest: "")
            let clock = ContinuousClock()
            let begun = clock.now
            for bytes in call.requests {
                let reply = try AdminResponse(serializedBytes: await host.respond(to: bytes), limits: .default)
                guard case .recordEvents(let recorded)? = reply.reply, recorded.applied > 0 else {
                    throw ValidationError("admin did not record a batch: \(reply)")
                }
            }
            if run > 0 { answering.append(EngineBench.milliseconds(clock.now - begun)) }
        }
        print(String(format: "admin W2 cached: %d events in calls of %d: %.2f ms (median of %d runs; fastest %.2f ms)",
                     count, batch, median(answering), runs, answering.min() ?? 0))
    }
}
