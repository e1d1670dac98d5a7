import SluiceRPC
import SluiceWire

extension SchedulerRequest.Call {
    /// Attempt ids join an execution id, a node id (nested as deep as sub-workflows go, and not
    /// bounded by the compiler) and a number: they get the room of text, not of an id.
    static let attemptIDBytes = RequestBounds.textBytes

    /// Refuses a call with a field over its bound (see ``RequestBounds``) before any work.
    func checkBounds() throws(ServiceError) {
        let bounds = RequestBounds(call: fieldName)
        switch self {
        case .health, .listExecutors:
            break
        case .pollAttempts(let request):
            guard let executor = request.executor else { return }
            try bounds.text(executor.executorID, "executor.executor_id")
            try bounds.text(executor.pool, "executor.pool")
            try bounds.text(executor.hostname, "executor.hostname")
            try bounds.text(executor.version, "executor.version")
            try bounds.count(executor.swiftTasks.count, "executor.swift_tasks", atMost: 10_000)
            try bounds.texts(executor.swiftTasks, "executor.swift_tasks")
        case .heartbeat(let request):
            try bounds.text(request.executorID, "executor_id")
            try bounds.count(request.attemptIDs.count, "attempt_ids", atMost: 10_000)
            try bounds.texts(request.attemptIDs, "attempt_ids", atMost: Self.attemptIDBytes)
        case .completeAttempt(let request):
            try bounds.completion(request, "")
        case .completeAttempts(let request):
            try bounds.count(request.completions.count, "completions", atMost: 10_000)
            for (index, completion) in request.completions.enumerated() { try bounds.completion(completion, "completions[\(index)].") }
        case .leave(let request):
            try bounds.text(request.executorID, "executor_id")
        }
    }
}

extension RequestBounds {
    func completion(_ completion: CompleteAttemptRequest, _ prefix: String) throws(ServiceError) {
        try text(completion.executorID, "\(prefix)executor_id")
        try text(completion.attemptID, "\(prefix)attempt_id", atMost: SchedulerRequest.Call.attemptIDBytes)
    }
}
