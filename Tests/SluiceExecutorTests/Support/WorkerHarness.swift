import Foundation
import Logging
@testable import SluiceExecutor
import SluiceWire

/// Warnings and above only: a test that fails shows what went wrong without the routine lines.
let testLogger: Logger = {
    var logger = Logger(label: "sluice.test.executor")
    logger.logLevel = .warning
    return logger
}()

/// Runs a worker against a fresh fake scheduler for the duration of `body`, then drains it
/// (which must end it: a worker that does not return fails the test by hanging it).
func withWorker<T>(
    slots: Int = 2,
    configure: (inout WorkerConfiguration) -> Void = { _ in },
    _ body: (FakeScheduler, Worker) async throws -> T
) async throws -> T {
    let scheduler = FakeScheduler()
    let server = try scheduler.serve()
    var configuration = WorkerConfiguration.forTests(scheduler: server.address, slots: slots)
    configure(&configuration)
    let worker = try Worker(configuration: configuration, logger: testLogger)
    let running = Task { try await worker.run() }
    do {
        let result = try await body(scheduler, worker)
        worker.drain()
        try await running.value
        await server.stop()
        return result
    } catch {
        running.cancel()
        _ = await running.result
        await server.stop()
        throw error
    }
}

extension WorkerConfiguration {
    /// Short waits so that tests run quickly; a work directory of its own.
    static func forTests(scheduler address: String, slots: Int) -> WorkerConfiguration {
        WorkerConfiguration(
            schedulerAddress: address,
            executorID: "test-executor-\(UUID().uuidString.prefix(8))",
            slots: slots,
            pollWait: .milliseconds(200),
            requestTimeout: .seconds(2),
            killGracePeriod: .seconds(1))
    }
}

func outputs(_ declared: [String: LiteralType]) -> [Variable] {
    declared.keys.sorted().map { Variable(name: $0, type: declared[$0]) }
}

func shellAssignment(
    _ attemptID: String,
    command: [String] = [],
    script: String = "",
    inputs: [String: Literal] = [:],
    outputs declared: [String: LiteralType] = [:],
    workingDirectory: String = "",
    timeout: Duration? = nil,
    heartbeatInterval: Duration? = nil
) -> AttemptAssignment {
    let shell = ShellTask(command: command, script: script, workingDirectory: workingDirectory)
    let task = TaskSpec(
        id: Identifier(name: "test.shell", version: "1"),
        interface: TypedInterface(inputs: [], outputs: outputs(declared)),
        kind: .shell(shell))
    return AttemptAssignment(
        attemptID: attemptID, executionID: "exec-1", nodeID: "n-\(attemptID)", attempt: 1, task: task,
        inputs: inputs, timeout: timeout, heartbeatInterval: heartbeatInterval)
}

func swiftAssignment(
    _ attemptID: String, task name: String, inputs: [String: Literal] = [:], outputs declared: [String: LiteralType] = [:]
) -> AttemptAssignment {
    let task = TaskSpec(
        id: Identifier(name: name, version: "1"),
        interface: TypedInterface(inputs: [], outputs: outputs(declared)),
        kind: .swift(SwiftTask(name: name)))
    return AttemptAssignment(attemptID: attemptID, executionID: "exec-1", nodeID: "n-\(attemptID)", attempt: 1, task: task, inputs: inputs)
}

extension CompleteAttemptRequest {
    var outputs: [String: Literal]? {
        if case .outputs(let outputs)? = outcome { outputs } else { nil }
    }

    var error: ExecutionError? {
        if case .error(let error)? = outcome { error } else { nil }
    }
}

let int = LiteralType.simple(.int)
let string = LiteralType.simple(.string)

/// A directory for one test, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-executor-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    var path: String { url.path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    func touch(_ name: String) { _ = FileManager.default.createFile(atPath: file(name).path, contents: Data()) }

    func contents(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Waits until the file exists.
    func waitFor(_ name: String, within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while !exists(name) {
            guard ContinuousClock.now < deadline else { throw TestFailure("\(name) did not appear within \(limit)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The pid a task wrote into `name`.
    func pid(in name: String) -> pid_t? {
        contents(name).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// Whether the process has ended: no such process, or a zombie (ended, not yet collected by its parent).
func processHasEnded(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")"),
          let state = stat[close...].dropFirst(2).first else { return false }
    return state == "Z" || state == "X"
}

/// Waits for the process to end; false if it still runs after `limit`.
func waitUntilEnded(_ pid: pid_t, within limit: Duration = .seconds(10)) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while !processHasEnded(pid) {
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
    return true
}
