import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM, caught for the life of the process so that `sluice up` can stop its
/// services in order instead of dying at once. A signal that arrives while nobody waits is kept
/// for the next waiter.
final class TerminationSignals: Sendable {
    private let mailbox = Mailbox()
    private let sources: SignalSources

    init() {
        let mailbox = self.mailbox
        sources = SignalSources([SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { mailbox.deliver(number) }
            source.resume()
            return source
        })
    }

    deinit { sources.cancel() }

    /// The signal received (at once if one already was); nil when the waiting task is cancelled.
    func next() async -> Int32? {
        await mailbox.next()
    }

    private final class Mailbox: Sendable {
        private struct State {
            var received: Int32?
            var waiters: [Int: CheckedContinuation<Int32?, Never>] = [:]
            var nextWaiter = 0
        }
        private let state = Mutex(State())

        func deliver(_ number: Int32) {
            let waiters = state.withLock { state in
                state.received = state.received ?? number
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume(returning: number) }
        }

        func next() async -> Int32? {
            let id = state.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let immediate: Int32?? = state.withLock { state in
                        if let received = state.received { return .some(received) }
                        if Task.isCancelled { return .some(nil) }
                        state.waiters[id] = continuation
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            } onCancel: {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(returning: nil)
            }
        }
    }
}

/// Dispatch sources may be cancelled from any thread, and the array never changes.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { for source in sources { source.cancel() } }
}
