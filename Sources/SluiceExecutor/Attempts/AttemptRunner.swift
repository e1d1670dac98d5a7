import SluiceCore
import SluiceWire

/// Runs one assignment to its outcome: dispatches on the task's kind, and stops it when its
/// timeout passes or it is told to stop. Never throws: every failure becomes a ``TaskFailure``.
struct AttemptRunner: Sendable {
    /// nil when this executor does not run shell tasks.
    var shell: ShellTaskRunner?
    var swift: SwiftTaskRunner

    /// The outcome, once the work has ended. On a timeout or stop the work is cancelled and
    /// waited for (a shell task's process is gone when this returns); a Swift body that ignores
    /// cancellation keeps its slot until it returns.
    func run(_ assignment: AttemptAssignment, stop: OneShot<StopReason>) async -> Result<[String: Literal], TaskFailure> {
        enum Event: Sendable {
            case finished(Result<[String: Literal], TaskFailure>)
            case timedOut(Duration)
            case stopped(StopReason)
        }
        let timeout = Self.timeout(of: assignment)
        return await withTaskGroup(of: Event?.self) { group in
            group.addTask {
                do throws(TaskFailure) {
                    return .finished(.success(try await self.perform(assignment)))
                } catch {
                    return .finished(.failure(error))
                }
            }
            if let timeout {
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return nil }
                    return .timedOut(timeout)
                }
            }
            group.addTask { await stop.wait().map(Event.stopped) }

            var outcome: Result<[String: Literal], TaskFailure>?
            for await event in group {
                switch event {
                case .finished(let result)?:
                    if case .failure(var stopped)? = outcome {
                        // After a timeout or stop the work's own result (cut short) is not the
                        // outcome, but what it wrote to stderr until then still helps.
                        if stopped.stderrTail.isEmpty, case .failure(let cut) = result {
                            stopped.stderrTail = cut.stderrTail
                            outcome = .failure(stopped)
                        }
                    } else if outcome == nil {
                        outcome = result
                    }
                    group.cancelAll()
                case .timedOut(let limit)?:
                    if outcome == nil {
                        outcome = .failure(TaskFailure(
                            kind: .timeout, code: "Timeout", message: "the attempt ran longer than its timeout of \(limit)"))
                    }
                    group.cancelAll()
                case .stopped(let reason)?:
                    if outcome == nil { outcome = .failure(reason.failure) }
                    group.cancelAll()
                case nil:
                    break
                }
            }
            return outcome ?? .failure(StopReason.executorStopping.failure)
        }
    }

    private func perform(_ assignment: AttemptAssignment) async throws(TaskFailure) -> [String: Literal] {
        guard let task = assignment.task, let kind = task.kind else {
            throw TaskFailure(kind: .system, code: "BadTask", message: "the assignment carries no task to run")
        }
        let interface = task.interface ?? TypedInterface()
        switch kind {
        case .shell(let shellTask):
            guard let shell else {
                throw TaskFailure(kind: .system, code: "Unsupported", message: "this executor does not run shell tasks")
            }
            return try await shell.run(shellTask, interface: interface, assignment: assignment)
        case .swift(let swiftTask):
            return try await swift.run(swiftTask, interface: interface, inputs: assignment.inputs)
        case .dynamic(let dynamic):
            // The result is the subgraph the task built, as its one output (see Worker.execute).
            switch dynamic.body {
            case .swiftName(let name)? where dynamic.style == .incremental:
                // A workflow body's decision: the body learns what is recorded while it runs.
                let swift = self.swift
                let outcome = await BodyReplay.$current.withValue(BodyReplay(assignment)) { () async -> Result<[String: Literal], TaskFailure> in
                    do {
                        return .success(try await swift.run(SwiftTask(name: name), interface: DynamicSubgraph.resultInterface, inputs: assignment.inputs))
                    } catch let failure as TaskFailure {
                        return .failure(failure)
                    } catch {
                        return .failure(TaskFailure(kind: .user, code: "Thrown", message: "\(error)"))
                    }
                }
                return try outcome.get()
            case .swiftName(let name)?:
                return try await swift.run(SwiftTask(name: name), interface: DynamicSubgraph.resultInterface, inputs: assignment.inputs)
            case .shell(let shellTask)?:
                guard let shell else {
                    throw TaskFailure(kind: .system, code: "Unsupported", message: "this executor does not run shell tasks")
                }
                return try await shell.run(shellTask, interface: interface, assignment: assignment, product: .subgraph)
            case nil:
                throw TaskFailure(kind: .system, code: "BadTask", message: "the dynamic task says what to run in no way")
            }
        }
    }

    /// The assignment's timeout, else the task's; none when unset or not positive.
    static func timeout(of assignment: AttemptAssignment) -> Duration? {
        guard let timeout = assignment.timeout ?? assignment.task?.timeout, timeout > .zero else { return nil }
        return timeout
    }
}
