import SluiceKit
import Testing

/// The condition language of branch cases.
@Suite struct BranchConditionTests {
    let inputs: Set<String> = ["total", "label", "ok", "limit"]

    func parse(_ text: String) throws -> BooleanExpression {
        try BranchCondition.parse(text, inputs: inputs)
    }

    func compare(_ op: ComparisonOperator, _ left: Operand, _ right: Operand) -> BooleanExpression {
        .comparison(Comparison(op: op, left: left, right: right))
    }

    @Test func everyComparisonOperator() throws {
        let operators: [(String, ComparisonOperator)] = [("==", .eq), ("!=", .ne), (">", .gt), (">=", .ge), ("<", .lt), ("<=", .le)]
        for (symbol, op) in operators {
            #expect(try parse("total \(symbol) 10") == compare(op, .input("total"), .literal(.int(10))), "\(symbol)")
        }
    }

    @Test func valuesOfEveryKind() throws {
        #expect(try parse("total > -2.5") == compare(.gt, .input("total"), .literal(.float(-2.5))))
        #expect(try parse(#"label == 'it\'s'"#) == compare(.eq, .input("label"), .literal(.string("it's"))))
        #expect(try parse(#"label != "big""#) == compare(.ne, .input("label"), .literal(.string("big"))))
        #expect(try parse("ok == false") == compare(.eq, .input("ok"), .literal(.bool(false))))
        #expect(try parse("3 < total") == compare(.lt, .literal(.int(3)), .input("total")))
        #expect(try parse("total <= limit") == compare(.le, .input("total"), .input("limit")))
        #expect(try parse("ok") == compare(.eq, .input("ok"), .literal(.bool(true))), "a bare input means true")
    }

    @Test func andBindsTighterThanOrAndParenthesesGroup() throws {
        let a = compare(.gt, .input("total"), .literal(.int(1)))
        let b = compare(.eq, .input("label"), .literal(.string("x")))
        let c = compare(.eq, .input("ok"), .literal(.bool(true)))
        #expect(try parse("total > 1 or label == 'x' and ok") == .conjunction(Conjunction(op: .or, operands: [
            a, .conjunction(Conjunction(op: .and, operands: [b, c])),
        ])))
        #expect(try parse("(total > 1 or label == 'x') and ok") == .conjunction(Conjunction(op: .and, operands: [
            .conjunction(Conjunction(op: .or, operands: [a, b])), c,
        ])))
        #expect(try parse("total > 1 and label == 'x' and ok") == .conjunction(Conjunction(op: .and, operands: [a, b, c])),
                "a chain of and is one conjunction")
        #expect(try parse("not not ok") == .negation(.negation(c)))
        #expect(try parse("not (total > 1)") == .negation(a))
    }

    @Test func errorsNameTheTokenAndItsColumn() {
        let cases: [(String, String, Int)] = [
            ("totl > 1", "unknown input 'totl' (inputs: label, limit, ok, total)", 1),
            ("total >", "the condition ends early: expected an input name or a value after '>'", 8),
            ("total > 1 ok", "unexpected 'ok'; join conditions with 'and' or 'or'", 11),
            ("(total > 1", "the '(' at column 1 is not closed", 11),
            ("(total > 1 ok", "expected ')' to close the '(' at column 1, found 'ok'", 12),
            ("total = 1", "'=' is not a comparison; write '=='", 7),
            ("total > 1 && ok", "write 'and' instead of '&&'", 11),
            ("!ok", "write 'not' instead of '!'", 1),
            ("label == 'open", "the text starting here is not closed with '", 10),
            ("1 == 2", "'1' == '2' compares two values; one side must be an input", 1),
            ("3 total", "expected a comparison operator (==, !=, >, >=, <, <=) after '3', found 'total'", 3),
            ("and ok", "expected an input name or a value, found 'and'", 1),
            ("total > 1 and", "the condition ends early: expected a comparison after 'and'", 14),
            ("total # 1", "unexpected '#'", 7),
            ("", "the condition ends early: expected a comparison", 1),
        ]
        for (text, message, column) in cases {
            #expect(throws: BranchCondition.ParseError(message: message, column: column), "\(text)") { try parse(text) }
        }
    }
}
