import ShopWorkflows
import SluiceKit
import Testing

@Suite struct DailyRevenueTests {
    @Test func aTaskBodyRunsDirectly() async throws {
        let summary = try await summarize(Lines(lines: [Line(sku: "tea", quantity: 2, price: 4.5)]))
        #expect(summary.report.revenue == 9)
        await #expect(throws: TaskFailure.self) { try await summarize(Lines(lines: [])) }
    }

    @Test func anApprovedReportIsPublished() async throws {
        var signals = LocalSignals()
        signals.approve(OrderSignals.publish, by: "ada")
        let run = try await LocalRunner().run(dailyRevenue, input: Day(date: "2026-12-07"), signals: signals)
        let output = try run.output(as: DailyRevenue.self)
        #expect(output.location == "reports/2026-12-07.json")
        #expect(output.revenue == 63.5)
        #expect(output.topSKU == "pot")
        #expect(output.firstLine == Line(sku: "tea", quantity: 3, price: 4.5))
    }

    @Test func aRejectedReportFailsTheRunAndIsNotPublished() async throws {
        var signals = LocalSignals()
        signals.reject(OrderSignals.publish, reason: "the till says otherwise", by: "bob")
        let run = try await LocalRunner().run(dailyRevenue, input: Day(date: "2026-12-07"), signals: signals)
        #expect(run.phase == .failed)
        #expect(run.phase(of: "publish") != .succeeded)
    }
}
