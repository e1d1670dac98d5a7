import Foundation
import SluiceKit
import Testing

// Typed calls as users write them: inputs set and outputs read as struct fields, paths into
// futures, and the spec they compile to.

private struct Customer: Codable, Sendable { var name: String; var tier: Int }
private struct Order: Codable, Sendable {
    var id: String
    var customer: Customer
    var lines: [Double]
    var notes: [String: String]
    /// Computed: it reads no single field, so no future can reach it.
    var total: Double { lines.reduce(0, +) }
}
private struct LoadInput: Codable, Sendable { var orderID: String }
private struct LoadOutput: Codable, Sendable {
    var order: Order
    var lineCount: Int
    enum CodingKeys: String, CodingKey {
        case order
        case lineCount = "line_count"
    }
}
private struct GreetInput: Codable, Sendable { var name: String; var greeting: String?; var times: Int }
private struct GreetOutput: Codable, Sendable { var text: String }
private struct Amount: Codable, Sendable { var value: Double }
private struct OrderRequest: Codable, Sendable { var orderID: String; var who: Customer }
private struct OrderSummary: Codable, Sendable {
    var text: String
    var second: Double
    var gift: String
    var count: Int
    var tier: Int
}

private enum Shop {
    static let load = SwiftTask("load-order", version: "1") { (input: LoadInput) in
        LoadOutput(
            order: Order(
                id: input.orderID, customer: Customer(name: "Ada", tier: 2), lines: [1.5, 2.5, 4.0],
                notes: ["gift": "yes"]),
            lineCount: 3)
    }

    static let greet = SwiftTask("greet", version: "1") { (input: GreetInput) in
        GreetOutput(text: (input.greeting ?? "hello") + " " + String(repeating: input.name, count: input.times))
    }

    static let double = SwiftTask("double", version: "1") { (input: Amount) in Amount(value: input.value * 2) }

    static let summary = Workflow("summary", version: "1", input: OrderRequest.self, output: OrderSummary.self) { wf in
        let load = wf.call(load, id: "load") { $0.orderID = wf.input(\.orderID) }
        let greeting = wf.call(greet, id: "greet") {
            $0.name = load.order.customer.name
            $0.greeting = "hi"
            $0.times = 2
        }
        let second = wf.call(double, id: "second") { $0.value = load.order.lines[1] }
        return wf.outputs {
            $0.text = greeting.text
            $0.second = second.value
            $0.gift = load.order.notes["gift"]
            $0.count = load.lineCount
            $0.tier = wf.input(\.who.tier)
        }
    }
}

@Suite struct TypedCallTests {
    private func reference(_ node: String, _ output: String, _ path: [PathElement] = [], _ type: LiteralType) -> Binding {
        .future(SluiceWire.Future(reference: OutputReference(nodeID: node, output: output, path: path), type: type))
    }

    @Test func fieldsAndPathsBecomeReferencesWithTheirCodingNames() throws {
        let spec = Shop.summary.spec
        #expect(Shop.summary.problems.isEmpty, "\(Shop.summary.problems)")
        let greet = try #require(spec.nodes.first { $0.id == "greet" })
        #expect(greet.inputs["name"] == reference("load", "order", [.key("customer"), .key("name")], .simple(.string)))
        #expect(greet.inputs["greeting"] == .literal(.string("hi")), "an optional input takes a plain value")
        #expect(greet.inputs["times"] == .literal(.int(2)))
        let second = try #require(spec.nodes.first { $0.id == "second" })
        #expect(second.inputs["value"] == reference("load", "order", [.key("lines"), .index(1)], .simple(.float)))
        #expect(spec.outputs["gift"] == reference("load", "order", [.key("notes"), .key("gift")], .simple(.string)))
        #expect(spec.outputs["count"] == reference("load", "line_count", [], .simple(.int)), "the coding key names the output")
        #expect(spec.outputs["tier"] == reference("", "who", [.key("tier")], .simple(.int)))
        _ = try Shop.summary.compiled()
    }

    @Test func pathsResolveWhenTheWorkflowRuns() async throws {
        let run = try await LocalRunner().run(
            Shop.summary, input: OrderRequest(orderID: "o-1", who: Customer(name: "Bob", tier: 7)))
        #expect(run.phase == .succeeded)
        let summary = try run.output(as: OrderSummary.self)
        #expect(summary.text == "hi AdaAda")
        #expect(summary.second == 5.0)
        #expect(summary.gift == "yes")
        #expect(summary.count == 3)
        #expect(summary.tier == 7)
    }

    @Test func anIndexPastTheEndFailsTheNodeThatReadsIt() async throws {
        let workflow = Workflow("past-the-end", version: "1", input: OrderRequest.self, output: Amount.self) { wf in
            let load = wf.call(Shop.load, id: "load") { $0.orderID = wf.input(\.orderID) }
            let far = wf.call(Shop.double, id: "far") { $0.value = load.order.lines[7] }
            return wf.outputs { $0.value = far.value }
        }
        let run = try await LocalRunner().run(workflow, input: OrderRequest(orderID: "o", who: Customer(name: "", tier: 0)))
        #expect(run.phase == .failed)
        #expect(run.phase(of: "far") == .failed)
        #expect(run.error?.message.contains("no index 7") == true, "\(run.error?.message ?? "")")
    }

    @Test func aComputedPropertyOrANegativeIndexIsReportedWhereItIsUsed() {
        let workflow = Workflow("computed", version: "1", input: OrderRequest.self, output: Amount.self) { wf in
            let load = wf.call(Shop.load, id: "load") { $0.orderID = wf.input(\.orderID) }
            let total = wf.call(Shop.double, id: "total") { $0.value = load.order.total }
            let before = wf.call(Shop.double, id: "before") { $0.value = load.order.lines[-1] }
            _ = total
            return wf.outputs { $0.value = before.value }
        }
        let problems = workflow.problems
        #expect(problems.contains { $0.nodeID == "total" && $0.input == "value" && $0.message.contains("reads no stored field of Order") })
        #expect(problems.contains { $0.nodeID == "before" && $0.message.contains("index -1") })
        #expect(throws: WorkflowCompilationError.self) { try workflow.compiled() }
    }

    @Test func aTaskBodyCanBeCalledDirectly() async throws {
        #expect(try await Shop.greet(GreetInput(name: "Ada", greeting: nil, times: 1)).text == "hello Ada")
        #expect(try await Fixtures.addOne(AddOneInput(x: 41)).y == 42)
    }

    @Test func aTaskCallWithAnInputLeftUnsetIsReportedWhenCompiled() {
        let workflow = Workflow("unset", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a")
            return wf.outputs { $0.result = a.y }
        }
        #expect {
            try workflow.compiled()
        } throws: { error in
            String(describing: error).contains("node a") && String(describing: error).contains("x")
        }
    }

    @Test func constantsOfAnyCodableTypeAndTheStringFormMix() throws {
        let workflow = Workflow("mixed", version: "1", input: ChainInput.self, output: GreetOutput.self) { wf in
            let greet = wf.call(Shop.greet, id: "g") {
                $0.name = .constant("Ada")
                $0.times = wf.input(\.n)
            }
            let untyped = wf.call(Fixtures.addOne, id: "u", ["x": wf.input("n", as: Int.self)])
            _ = wf.call(Fixtures.addOne, id: "t", after: [greet]) { $0.x = untyped["y", as: Int.self] }
            return wf.outputs { $0.text = greet.text }
        }
        #expect(workflow.problems.isEmpty)
        let spec = workflow.spec
        #expect(spec.nodes.first { $0.id == "g" }?.inputs["name"] == .literal(.string("Ada")))
        #expect(spec.nodes.first { $0.id == "t" }?.upstream == ["g"])
        _ = try workflow.compiled()
    }
}
