import ShopWorkflows
import SluiceKit

/// Serves every Swift task the shop's workflows call. Start it next to `sluice up
/// --no-executor --detach` (or beside the stock executor, which runs shell tasks), with
/// SLUICE_SCHEDULER set to the scheduler `sluice up` printed.
@main struct ShopWorker {
    static func main() async throws {
        try await SluiceWorker(workflows: [review, dailyRevenue, modelSearch, productVideo]).run()
    }
}
