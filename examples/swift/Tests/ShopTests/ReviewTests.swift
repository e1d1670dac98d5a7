import ShopWorkflows
import SluiceKit
import Testing

@Suite struct ReviewTests {
    @Test func theTypedNumberIsShiftedTwiceOnceApproved() async throws {
        var signals = LocalSignals()
        try signals.set(ReviewSignals.userInput, to: 10)
        signals.approve(ReviewSignals.approval, by: "ada")
        let run = try await LocalRunner().run(review, input: Number(a: 1), signals: signals)
        let result = try run.output(as: ReviewResult.self)
        #expect(result.x == 6)
        #expect(result.z == 20)
    }

    @Test func withoutTheNumberTheRunEndsAtOnceNamingTheGate() async throws {
        let run = try await LocalRunner().run(review, input: Number(a: 1))
        #expect(run.phase == .aborted)
        #expect(run.error?.message.contains("user_input_name") == true)
    }
}
