import Testing

/// Suites that load the machine (real PostgreSQL servers and the service processes over them)
/// and suites that measure how fast something answers do not run at once: on two cores, the
/// first would starve the second of its deadlines. A suite marked `.loadsTheMachine` runs beside
/// others of its kind; one marked `.needsQuietMachine` waits for them to finish, and they wait
/// for it. Both are scopes, so nothing is held once a suite ends, whatever happens in it.
public struct MachineShare: SuiteTrait, TestScoping {
    let exclusive: Bool

    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await MachineLock.shared.acquire(exclusive: exclusive)
        do {
            try await function()
        } catch {
            await MachineLock.shared.release(exclusive: exclusive)
            throw error
        }
        await MachineLock.shared.release(exclusive: exclusive)
    }
}

extension Trait where Self == MachineShare {
    /// The suite loads the machine: it may run beside others that do, not beside a suite that
    /// measures.
    public static var loadsTheMachine: Self { MachineShare(exclusive: false) }

    /// The suite measures how fast something answers: it runs while no suite loads the machine.
    public static var needsQuietMachine: Self { MachineShare(exclusive: true) }
}

/// A readers-writer lock for suites; a waiting writer holds back new readers, so it is not starved.
actor MachineLock {
    static let shared = MachineLock()

    private var readers = 0
    private var writing = false
    private var waiting: [(exclusive: Bool, continuation: CheckedContinuation<Void, Never>)] = []

    func acquire(exclusive: Bool) async {
        if canEnter(exclusive: exclusive), waiting.isEmpty {
            enter(exclusive: exclusive)
            return
        }
        await withCheckedContinuation { waiting.append((exclusive, $0)) }
    }

    func release(exclusive: Bool) {
        if exclusive { writing = false } else { readers -= 1 }
        while let next = waiting.first, canEnter(exclusive: next.exclusive) {
            waiting.removeFirst()
            enter(exclusive: next.exclusive)
            next.continuation.resume()
        }
    }

    private func canEnter(exclusive: Bool) -> Bool {
        exclusive ? !writing && readers == 0 : !writing
    }

    private func enter(exclusive: Bool) {
        if exclusive { writing = true } else { readers += 1 }
    }
}
