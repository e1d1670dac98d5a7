import SluiceCore
import SluiceWire
import Testing

@Suite struct LiteralJSONTests {
    static let point = LiteralType.struct(StructType(name: "Point", fields: [
        StructField(name: "x", type: .simple(.float)),
        StructField(name: "label", type: .union([.simple(.string), .simple(.none)])),
    ]))

    static let roundTrips: [(LiteralType, Literal)] = [
        (.simple(.int), .int(Int64.max)),
        (.simple(.int), .int(Int64.min)),
        (.simple(.int), .int(0)),
        (.simple(.float), .float(1.0)),
        (.simple(.float), .float(0.1 + 0.2)),
        (.simple(.float), .float(-1.5e-300)),
        (.simple(.float), .float(.infinity)),
        (.simple(.string), .string("tab\tquote\" slash\\ é 🚀 \u{01}")),
        (.simple(.bool), .bool(true)),
        (.simple(.bytes), .bytes([0, 255, 1, 2, 3])),
        (.simple(.datetime), .datetime(Timestamp(seconds: 1_767_225_600, nanos: 123_456_789))),
        (.simple(.datetime), .datetime(Timestamp(seconds: -62_135_596_800))),
        (.simple(.duration), .duration(.seconds(90))),
        (.simple(.duration), .duration(.zero - .milliseconds(1500))),
        (.simple(.duration), .duration(.nanoseconds(1))),
        (.simple(.none), .none),
        (.collection(.map(.simple(.int))), .collection([.map(["b": .int(2), "a": .int(1)]), .map([:])])),
        (.union([.simple(.int), .simple(.none)]), .none),
        (.union([.simple(.int), .simple(.float)]), .float(2.0)),
        (.union([.simple(.int), .simple(.float)]), .int(2)),
        (point, .map(["x": .float(1), "label": .string("origin")])),
        (point, .map(["x": .float(1)])),
        (.simple(.struct), .map(["n": .int(1), "f": .float(1.5), "s": .string("x"), "l": .collection([.none, .bool(false)]), "o": .map([:])])),
        (.blob(BlobType(format: "csv")), .blob(BlobRef(uri: "file:///tmp/a.csv", contentHash: "sha256:00", size: 12, format: "csv", dimensionality: .single))),
        (.simple(.error), .error(LiteralError(message: "boom", kind: .user, nodeID: "n1", code: "NonZeroExit"))),
    ]

    @Test(arguments: roundTrips)
    func aValueReadsBackAsItselfFromItsJSON(_ type: LiteralType, _ value: Literal) throws {
        let json = LiteralJSON.encode(value)
        #expect(try LiteralJSON.decode(json, as: type) == value, "\(json)")
        #expect(try LiteralJSON.decode(LiteralJSON.encode(value, pretty: true), as: type) == value)
    }

    @Test func encodingIsCanonicalWithSortedKeysAndExactNumbers() {
        #expect(LiteralJSON.encode(.map(["b": .int(9_007_199_254_740_993), "a": .float(1)])) == #"{"a":1.0,"b":9007199254740993}"#)
        #expect(LiteralJSON.encode(.duration(.milliseconds(1500))) == #""1.5s""#)
        #expect(LiteralJSON.encode(.datetime(Timestamp(seconds: 0, nanos: 250_000_000))) == #""1970-01-01T00:00:00.25Z""#)
        #expect(LiteralJSON.encodeObject(["z": .none, "a": .bool(true)]) == #"{"a":true,"z":null}"#)
        #expect(LiteralJSON.encode(.collection([.int(1)]), pretty: true) == "[\n  1\n]")
    }

    /// Found by the literal-text fuzz target: a string with a NUL was accepted, and then could not
    /// be sent (protobuf-c's strings end at NUL). A shell task's stdout can hold one.
    @Test func aNulCharacterIsRefusedSinceNoSluiceValueCanHoldIt() {
        let plain = #expect(throws: LiteralParseError.self) { try Literal.parse("ship\u{0}it", as: .simple(.string)) }
        #expect(plain?.message.contains("NUL character") == true)
        let json = #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#""ship\u0000it""#, as: .simple(.string)) }
        #expect(json?.message.contains("NUL character") == true)
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#"{"a\u0000": 1}"#, as: .map(.simple(.int))) }
        #expect(throws: Never.self) { try LiteralJSON.decode(#""ship\u0001it""#, as: .simple(.string)) }
    }

    @Test func intsAreReadOnlyFromWholeNumbersInRange() throws {
        #expect(try LiteralJSON.decode("9223372036854775807", as: .simple(.int)) == .int(.max))
        #expect(try LiteralJSON.decode("3.0", as: .simple(.int)) == .int(3))
        #expect(throws: LiteralParseError(message: "expected int, found the number 1.5, which is not a whole number")) {
            try LiteralJSON.decode("1.5", as: .simple(.int))
        }
        #expect(throws: LiteralParseError(message: "the number 9223372036854775808 is out of range for an int")) {
            try LiteralJSON.decode("9223372036854775808", as: .simple(.int))
        }
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode("1e30", as: .simple(.int)) }
    }

    @Test func floatsAreReadFromAnyNumber() throws {
        #expect(try LiteralJSON.decode("3", as: .simple(.float)) == .float(3))
        #expect(try LiteralJSON.decode("1.0", as: .union([.simple(.int), .simple(.float)])) == .float(1))
        #expect(try LiteralJSON.decode("1", as: .union([.simple(.float), .simple(.int)])) == .int(1))
        #expect(try LiteralJSON.decode("1.00000000000000000", as: .union([.simple(.int), .simple(.float)])) == .float(1))
    }

    @Test func durationsAreReadInEveryWrittenForm() throws {
        let cases: [(String, Duration)] = [
            (#""1.5s""#, .milliseconds(1500)), (#""90s""#, .seconds(90)), (#""2m""#, .seconds(120)),
            (#""1h30m""#, .seconds(5400)), (#""250ms""#, .milliseconds(250)), (#""-1.5h""#, .zero - .seconds(5400)),
            ("90", .seconds(90)), ("1.25", .milliseconds(1250)), ("1e3", .seconds(1000)),
        ]
        for (json, duration) in cases {
            #expect(try LiteralJSON.decode(json, as: .simple(.duration)) == .duration(duration), "\(json)")
        }
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#""5 parsecs""#, as: .simple(.duration)) }
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#""99999999999999h""#, as: .simple(.duration)) }
    }

    @Test func datetimesAreReadAsRFC3339WithOffsetsAndFractions() throws {
        #expect(try LiteralJSON.decode(#""2026-01-01T01:30:00.5+01:30""#, as: .simple(.datetime))
            == .datetime(Timestamp(seconds: 1_767_225_600, nanos: 500_000_000)))
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#""2026-02-30T00:00:00Z""#, as: .simple(.datetime)) }
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(#""yesterday""#, as: .simple(.datetime)) }
    }

    @Test func aGenericStructTakesAnyObjectWithNaturalTypes() throws {
        let value = try LiteralJSON.decode(#"{"n": 1, "f": 1.0, "big": 1e400, "a": [null, "s", {"k": true}]}"#, as: .simple(.struct))
        #expect(value == .map([
            "n": .int(1), "f": .float(1), "big": .float(.infinity),
            "a": .collection([.none, .string("s"), .map(["k": .bool(true)])]),
        ]))
    }

    @Test func errorsNameThePathAndTheExpectedType() {
        let rows = LiteralType.collection(.struct(StructType(name: "Row", fields: [StructField(name: "name", type: .simple(.string))])))
        #expect(throws: LiteralParseError(path: "[2].name", message: "expected string, found the number 3")) {
            try LiteralJSON.decode(#"[{"name": "a"}, {"name": "b"}, {"name": 3}]"#, as: rows)
        }
        #expect(throws: LiteralParseError(path: "[0].extra", message: "no such field in struct Row")) {
            try LiteralJSON.decode(#"[{"name": "a", "extra": 1}]"#, as: rows)
        }
        #expect(throws: LiteralParseError(path: "[0].name", message: "missing field of type string")) {
            try LiteralJSON.decode(#"[{}]"#, as: rows)
        }
        #expect(throws: LiteralParseError(path: "scores.b", message: "expected int, found a string \"x\"")) {
            try LiteralJSON.decodeObject(#"{"scores": {"a": 1, "b": "x"}}"#, types: ["scores": .map(.simple(.int))])
        }
    }

    @Test func malformedJSONIsRefusedWithWhereItWentWrong() {
        for text in ["", "{", "[1,]", #"{"a":1,}"#, #"{"a":1,"a":2}"#, "01", "1 2", #""\ud800""#, String(repeating: "[", count: 500)] {
            #expect(throws: LiteralParseError.self, "\(text.prefix(20))") { try LiteralJSON.decode(text, as: .simple(.struct)) }
        }
        // NUL bytes must not make the text read as some other encoding ("1\02\0" as UTF-16 is 12).
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode("1\u{0}2\u{0}", as: .simple(.int)) }
    }

    @Test func namedValuesAreReadByTheirDeclaredTypes() throws {
        let types: [String: LiteralType] = ["n": .simple(.int), "s": .simple(.string)]
        #expect(try LiteralJSON.decodeObject(#"{"n": 2}"#, types: types) == ["n": .int(2)])
        #expect(throws: LiteralParseError(path: "extra", message: "no such name (expected n, s)")) {
            try LiteralJSON.decodeObject(#"{"n": 2, "extra": 1}"#, types: types)
        }
        #expect(throws: LiteralParseError(message: "expected a JSON object of named values")) {
            try LiteralJSON.decodeObject("[1]", types: types)
        }
    }
}

@Suite struct LiteralJSONRandomRoundTripTests {
    @Test(arguments: 0..<8)
    func randomValuesReadBackAsThemselves(_ batch: Int) throws {
        var random = SeededRandom(seed: UInt64(batch) &* 7919 &+ 1)
        for _ in 0..<250 {
            let (type, value) = RandomValues.typedValue(using: &random)
            let json = LiteralJSON.encode(value)
            #expect(try LiteralJSON.decode(json, as: type) == value, "\(type.typeDescription): \(json)")
        }
    }
}

@Suite struct LiteralJSONHostileInputTests {
    @Test func deeplyNestedJSONIsRefusedWithoutExhaustingTheStack() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: LiteralParseError.self) { try LiteralJSON.decode(text, as: .simple(.struct)) }
        #expect(throws: LiteralParseError.self) { try Literal.parse(text, as: .collection(.simple(.int))) }
    }

    @Test func garbledJSONIsRefusedOrReadButNeverCrashes() {
        var random = SeededRandom(seed: 42)
        let pieces = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d83d", "1", "-", ".", "e", "+", "0", "true", "null", " ", "\"k\"", "é"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 1..<24, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            _ = try? LiteralJSON.decode(text, as: .simple(.struct))
            _ = try? LiteralJSON.decode(text, as: .collection(.union([.simple(.int), .simple(.float), .simple(.duration)])))
            _ = try? Literal.parse(text, as: .simple(.duration))
            _ = try? Literal.parse(text, as: .simple(.datetime))
        }
    }
}
