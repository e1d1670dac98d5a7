import SluiceCore
import SluiceWire
import Testing

@Suite struct TypeCheckTests {
    static let point = LiteralType.struct(StructType(name: "Point", fields: [
        StructField(name: "x", type: .simple(.float)),
        StructField(name: "y", type: .simple(.float)),
        StructField(name: "label", type: .union([.simple(.string), .simple(.none)])),
    ]))

    @Test(arguments: [
        (LiteralType.simple(.int), Literal.int(3)),
        (.simple(.float), .float(2.5)),
        (.simple(.string), .string("s")),
        (.simple(.bool), .bool(false)),
        (.simple(.bytes), .bytes([1])),
        (.simple(.duration), .duration(.seconds(3))),
        (.simple(.datetime), .datetime(Timestamp(seconds: 0))),
        (.simple(.none), .none),
        (.simple(.struct), .map(["any": .collection([.int(1), .string("mixed")])])),
        (.collection(.simple(.int)), .collection([])),
        (.map(.simple(.bool)), .map(["a": .bool(true)])),
        (.union([.simple(.int), .simple(.none)]), .none),
    ])
    func valuesOfTheirTypeAreAccepted(_ type: LiteralType, _ value: Literal) {
        #expect(type.mismatches(of: value) == [])
    }

    @Test func numbersAreNotCoerced() {
        #expect(!LiteralType.simple(.float).accepts(.int(1)))
        #expect(!LiteralType.simple(.int).accepts(.float(1)))
    }

    @Test func everyBadElementIsReportedWithItsPath() {
        let rows = LiteralType.collection(.map(.simple(.int)))
        let value = Literal.collection([
            .map(["a": .int(1)]),
            .map(["a": .string("two"), "b": .int(2)]),
            .int(3),
        ])
        let found = rows.mismatches(of: value, at: "rows")
        #expect(found.map(\.path) == ["rows[1].a", "rows[2]"])
        #expect(found[0].description == #"rows[1].a: expected int, found a string "two""#)
        #expect(found[1].expected == "map<int>")
    }

    @Test func structFieldsMustAllBeThereUnlessOptionalAndNoOthers() {
        #expect(Self.point.accepts(.map(["x": .float(1), "y": .float(2)])))
        let found = Self.point.mismatches(of: .map(["x": .float(1), "z": .float(3)]))
        #expect(found.map(\.path) == ["y", "z"])
        #expect(found[0].found.contains("missing"))
        #expect(found[1].expected == "no such field in struct Point")
    }

    @Test func aUnionNamesAllItsVariants() {
        let optionalInt = LiteralType.union([.simple(.int), .simple(.none)])
        #expect(optionalInt.mismatches(of: .string("x")).first?.expected == "int | none")
    }

    @Test func blobsMustMatchADeclaredFormat() {
        let csv = LiteralType.blob(BlobType(format: "csv"))
        #expect(csv.accepts(.blob(BlobRef(uri: "file:///a.csv", format: "csv"))))
        #expect(csv.accepts(.blob(BlobRef(uri: "file:///a"))))
        #expect(!csv.accepts(.blob(BlobRef(uri: "file:///a.parquet", format: "parquet"))))
    }

    @Test func aFailedValueIsNotAValueOfTheType() {
        let failed = Literal.error(LiteralError(message: "boom"))
        #expect(!LiteralType.simple(.int).accepts(failed))
        #expect(LiteralType.union([.simple(.int), .simple(.error)]).accepts(failed))
    }
}
