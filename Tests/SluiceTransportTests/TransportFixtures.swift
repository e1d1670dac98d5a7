import Foundation
import Synchronization
import SluiceTransport

/// A fresh address per test, so tests can run in parallel.
enum TestAddress {
    static func inproc(_ name: String = #function) -> String {
        "inproc://sluice-test-\(name.filter(\.isLetter))-\(UUID().uuidString)"
    }

    static func ipc() -> String {
        "ipc://" + NSTemporaryDirectory() + "sluice-\(UUID().uuidString.prefix(8)).ipc"
    }
}

/// Runs a server for the duration of `body`, then stops it.
func withServer<T>(
    _ server: ReplyServer,
    handler: @escaping @Sendable ([UInt8]) async -> [UInt8],
    _ body: () async throws -> T
) async throws -> T {
    server.start(handler)  // answering before any task of the pool runs
    let serving = Task { await server.run(handler) }
    defer { serving.cancel() }
    let result = try await body()
    serving.cancel()
    await serving.value
    return result
}

/// Lets handlers wait until a number of them are running at the same time: a serial server
/// would never get there, so this proves concurrency without measuring time.
final class Rendezvous: Sendable {
    private let state = Mutex((arrived: 0, waiters: [CheckedContinuation<Void, Never>]()))
    private let expected: Int

    init(expected: Int) { self.expected = expected }

    func arriveAndWait() async {
        await withCheckedContinuation { continuation in
            let release = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.arrived += 1
                state.waiters.append(continuation)
                guard state.arrived >= expected else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in release { waiter.resume() }
        }
    }
}

/// Counts calls from concurrent handlers.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// An echo handler that prefixes the reply, so a test can tell a reply from its request.
@Sendable func echo(_ bytes: [UInt8]) async -> [UInt8] { Array("echo:".utf8) + bytes }
