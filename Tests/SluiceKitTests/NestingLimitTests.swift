import SluiceWorkflowFile
import Testing

/// Found by the literal-text fuzz target: a branch condition of a few thousand '(' overflowed the
/// parser's stack and crashed `sluice register`. Types and conditions nest 64 levels at most.
@Suite struct NestingLimitTests {
    @Test func aConditionNestedTooDeeplyIsRefusedNotACrash() throws {
        for text in [String(repeating: "(", count: 5000) + "a > 1", String(repeating: "not ", count: 5000) + "flag"] {
            let error = #expect(throws: BranchCondition.ParseError.self) { try BranchCondition.parse(text, inputs: ["a", "flag"]) }
            #expect(error?.message.contains("nests more than 64 levels deep") == true, "\(String(describing: error))")
        }
        func nested(_ levels: Int) -> String { String(repeating: "(", count: levels) + "a > 1" + String(repeating: ")", count: levels) }
        #expect(throws: Never.self) { try BranchCondition.parse(nested(64), inputs: ["a"]) }
        #expect(throws: BranchCondition.ParseError.self) { try BranchCondition.parse(nested(65), inputs: ["a"]) }
    }

    @Test func aTypeNestedTooDeeplyIsRefusedNotACrash() throws {
        let text = String(repeating: "list<", count: 5000) + "int"
        let error = #expect(throws: TypeText.ParseError.self) { try TypeText.parse(text) }
        #expect(error?.message.contains("nests more than 64 levels deep") == true, "\(String(describing: error))")
        func nested(_ levels: Int) -> String { String(repeating: "list<", count: levels) + "int" + String(repeating: ">", count: levels) }
        #expect(throws: Never.self) { try TypeText.parse(nested(64)) }
        #expect(throws: TypeText.ParseError.self) { try TypeText.parse(nested(65)) }
        #expect(throws: Never.self) { try TypeText.parse(String(repeating: "(", count: 64) + "int" + String(repeating: ")", count: 64)) }
    }
}
