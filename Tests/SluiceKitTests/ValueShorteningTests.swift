import Foundation
import SluiceKit
import Testing

/// `sluice status` of an execution with megabytes of inputs shows them shortened, with their
/// size and the command that shows them whole.
@Suite struct ValueShorteningTests {
    static let big = Literal.collection((0..<200_000).map { .int(Int64($0)) })
    let execution = Execution(
        id: "e1", spec: ExecutionSpec(inputs: ["rows": big, "n": .int(3)]), phase: .succeeded, outputs: ["rows": big, "total": .int(7)])
    let nodes = [NodeExecution(nodeID: "sum", kind: .task, phase: .succeeded, inputs: ["rows": big], outputs: ["total": .int(7)])]

    @Test func jsonStatusShortensLongValuesAndSaysHowToSeeThemWhole() throws {
        let shortened = ExecutionJSON.execution(execution, nodes: nodes, shortening: .status(of: "e1", json: true)).rendered(pretty: false)
        let whole = ExecutionJSON.execution(execution, nodes: nodes).rendered(pretty: false)
        #expect(whole.utf8.count > 3_000_000)
        #expect(shortened.utf8.count < 5_000, "\(shortened.utf8.count) bytes")
        let size = LiteralJSON.encode(Self.big).utf8.count
        #expect(shortened.contains(#""rows":{"shortened":true,"bytes":\#(size),"preview":"[0,1,2,3,"#))
        #expect(shortened.contains(#""whole_with":"sluice status e1 --full""#))
        #expect(shortened.contains(#""n":3"#) && shortened.contains(#""total":7"#), "short values stay as they are")
        // Still JSON.
        _ = try JSONSerialization.jsonObject(with: Data(shortened.utf8))
    }

    @Test func textStatusShortensLongOutputs() {
        let text = ExecutionText.status(execution, nodes: nodes, shortening: .status(of: "e1", json: false))
        #expect(text.utf8.count < 3_000)
        #expect(text.contains("bytes in all; sluice status e1 --full shows it whole)"))
        #expect(text.contains("  total = 7"))
    }
}
