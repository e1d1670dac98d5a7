import SluiceKit

// Extract, transform, approve, load: a day's order lines become a revenue report, which a
// person approves before it is published.

public struct Line: Codable, Sendable, Equatable {
    public var sku: String
    public var quantity: Int
    public var price: Double
    public init(sku: String, quantity: Int, price: Double) {
        self.sku = sku
        self.quantity = quantity
        self.price = price
    }
}

public struct Report: Codable, Sendable {
    public var lines: Int
    public var revenue: Double
    /// The line that brought the most.
    public var top: Line
}

public struct Day: Codable, Sendable {
    public var date: String
    public init(date: String) { self.date = date }
}

public struct Extracted: Codable, Sendable { public var lines: [Line] }
public struct Lines: Codable, Sendable {
    public var lines: [Line]
    public init(lines: [Line]) { self.lines = lines }
}
public struct Summarized: Codable, Sendable { public var report: Report }
public struct Publication: Codable, Sendable { public var report: Report; public var date: String }
public struct Published: Codable, Sendable { public var location: String }

public struct DailyRevenue: Codable, Sendable {
    public var location: String
    public var revenue: Double
    public var topSKU: String
    public var firstLine: Line
}

public enum OrderSignals {
    public static let publish = ApprovalKey("publish")
}

/// The day's order lines (a fixed set here; a real task reads them from a store).
public let extract = SwiftTask("extract-orders", version: "1", retries: Retries(3, backoff: .seconds(1))) { (input: Day) in
    Extracted(lines: [
        Line(sku: "tea", quantity: 3, price: 4.5),
        Line(sku: "cups", quantity: 10, price: 2.0),
        Line(sku: "pot", quantity: 1, price: 30.0),
    ])
}

/// Revenue per day; cached, so a second run of the same day reuses it.
public let summarize = SwiftTask("summarize-orders", version: "1", cache: Caching(version: "1")) { (input: Lines) in
    guard let top = input.lines.max(by: { Double($0.quantity) * $0.price < Double($1.quantity) * $1.price }) else {
        throw TaskFailure(code: "NoLines", message: "there are no order lines to summarize")
    }
    let revenue = input.lines.reduce(0) { $0 + Double($1.quantity) * $1.price }
    return Summarized(report: Report(lines: input.lines.count, revenue: revenue, top: top))
}

public let publish = SwiftTask("publish-report", version: "1") { (input: Publication) in
    Published(location: "reports/\(input.date).json")
}

public let dailyRevenue = Workflow("daily-revenue", version: "1", input: Day.self, output: DailyRevenue.self) { wf in
    let extracted = wf.call(extract, id: "extract") { $0.date = wf.input(\.date) }
    let summary = wf.call(summarize, id: "summarize") { $0.lines = extracted.lines }
    let approved = wf.approve(summary.report, OrderSignals.publish, id: "review", description: "Publish this report?", timeout: .days(1))
    let published = wf.call(publish, id: "publish") {
        $0.report = approved
        $0.date = wf.input(\.date)
    }
    return wf.outputs {
        $0.location = published.location
        $0.revenue = summary.report.revenue        // a path into an output
        $0.topSKU = summary.report.top.sku
        $0.firstLine = extracted.lines[0]          // an element of a list
    }
}
