@testable import SluiceExecutor
import SluiceWire
import Testing

@Suite("Result batches stay under the message limit")
struct CompletionBatchTests {
    static func completion(_ id: String, bytes: Int) -> CompleteAttemptRequest {
        CompleteAttemptRequest(attemptID: id, outcome: .outputs(["blob": .bytes([UInt8](repeating: 7, count: bytes))]))
    }

    @Test("small results all go together; large ones split the batch before it passes half the limit")
    func splitsBySize() {
        let small = (0..<100).map { Self.completion("s\($0)", bytes: 100) }
        #expect(CompletionBatch.count(fitting: small.map { $0.failIfTooLargeSize }) == 100)
        let large = (0..<4).map { Self.completion("l\($0)", bytes: 3 << 20) }
        let taken = CompletionBatch.count(fitting: large.map { $0.failIfTooLargeSize })
        #expect(taken == 2, "two of 3 MiB fit in 8 MiB, three do not")
        #expect(CompletionBatch.count(fitting: [Self.completion("huge", bytes: 12 << 20).failIfTooLargeSize]) == 1, "one always goes")
    }

    @Test("outputs too large for any message become an error naming the limit")
    func tooLargeBecomesAnError() {
        var huge = Self.completion("huge", bytes: 17 << 20)
        huge.failIfTooLarge()
        guard case .error(let error)? = huge.outcome else { Issue.record("still outputs"); return }
        #expect(error.code == "OutputsTooLarge")
        #expect(error.message.contains("blob"))
        var fine = Self.completion("fine", bytes: 1 << 20)
        fine.failIfTooLarge()
        guard case .outputs? = fine.outcome else { Issue.record("a 1 MiB result was refused"); return }
    }
}

extension CompleteAttemptRequest {
    /// The size the worker measures for batching.
    var failIfTooLargeSize: Int {
        var copy = self
        return copy.failIfTooLarge()
    }
}
