import SluiceCore
import SluiceWire
import Testing

@Suite struct LiteralParseTests {
    @Test(arguments: [
        ("hello world", LiteralType.simple(.string), Literal.string("hello world")),
        (" 42 ", .simple(.int), .int(42)),
        ("-9223372036854775808", .simple(.int), .int(.min)),
        ("2.5", .simple(.float), .float(2.5)),
        ("3", .simple(.float), .float(3)),
        ("YES", .simple(.bool), .bool(true)),
        ("False", .simple(.bool), .bool(false)),
        ("2026-01-01T00:00:00Z", .simple(.datetime), .datetime(Timestamp(seconds: 1_767_225_600))),
        ("90s", .simple(.duration), .duration(.seconds(90))),
        ("1h30m", .simple(.duration), .duration(.seconds(5400))),
        ("45", .simple(.duration), .duration(.seconds(45))),
        ("AAEC", .simple(.bytes), .bytes([0, 1, 2])),
        ("null", .simple(.none), .none),
        ("7", .union([.simple(.int), .simple(.none)]), .int(7)),
        ("3", .union([.simple(.float), .simple(.int)]), .int(3)),
        ("3.0", .union([.simple(.int), .simple(.float)]), .float(3)),
        ("", .union([.simple(.int), .simple(.none)]), .none),
        ("[1, 2]", .collection(.simple(.int)), .collection([.int(1), .int(2)])),
        (#"{"a": "x"}"#, .map(.simple(.string)), .map(["a": .string("x")])),
        (#"{"k": 1}"#, .simple(.struct), .map(["k": .int(1)])),
    ])
    func textTypedOnACommandLineParsesAsItsType(_ text: String, _ type: LiteralType, _ value: Literal) throws {
        #expect(try Literal.parse(text, as: type) == value)
    }

    @Test func errorsNameTheExpectedTypeAndThePath() {
        #expect(throws: LiteralParseError(message: "expected an int, found \"three\"")) {
            try Literal.parse("three", as: .simple(.int))
        }
        #expect(throws: LiteralParseError(message: "99999999999999999999 is out of range for an int")) {
            try Literal.parse("99999999999999999999", as: .simple(.int))
        }
        #expect(throws: LiteralParseError(message: "expected a bool (true, false, yes or no), found \"maybe\"")) {
            try Literal.parse("maybe", as: .simple(.bool))
        }
        #expect(throws: LiteralParseError(path: "[1]", message: "expected int, found a string \"b\"")) {
            try Literal.parse(#"[1, "b"]"#, as: .collection(.simple(.int)))
        }
        #expect(throws: LiteralParseError(message: "expected int | none, found \"x\"")) {
            try Literal.parse("x", as: .union([.simple(.int), .simple(.none)]))
        }
    }
}
