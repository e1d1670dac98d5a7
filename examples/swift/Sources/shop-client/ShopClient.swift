import ShopWorkflows
import SluiceKit

/// Registers the daily revenue workflow, runs it for one day, approves its report once it
/// waits for review, and prints the result.
@main struct ShopClient {
    static func main() async throws {
        let client = try SluiceClient()
        try await client.register(dailyRevenue)
        let handle = try await client.start(dailyRevenue, input: Day(date: "2026-12-07"))
        print("started \(handle.id)")

        let gate = try await client.waitUntilWaiting(for: OrderSignals.publish, of: handle.id, timeout: .minutes(5))
        let report = try gate.underReview(as: Report.self)
        print("\(gate.nodeID) waits: \(report.lines) lines, \(report.revenue) revenue")
        try await client.approve(OrderSignals.publish, of: handle.id, as: "ada", comment: "numbers match the till")

        let revenue = try await handle.result(timeout: .minutes(5))
        print("published \(revenue.location): \(revenue.revenue), mostly \(revenue.topSKU)")
    }
}
