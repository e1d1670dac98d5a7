import Foundation
import SluiceKit
import Testing

@Suite struct DSLSchemaTests {
    struct Point: Codable { var x: Double; var y: Double }
    struct Scalars: Codable {
        var count: Int
        var small: UInt8
        var ratio: Double
        var name: String
        var on: Bool
        var when: Date
        var blob: Data
        var wait: Duration
        var home: URL
    }
    struct Shapes: Codable {
        var points: [Point]
        var grid: [[Int]]
        var byName: [String: Point]
        var tags: Set<String>
        var note: String?
        var maybePoints: [Point?]
    }
    enum Color: String, Codable { case red, green }
    struct WithEnum: Codable { var name: String; var color: Color }
    struct WithLiteral: Codable { var raw: Literal }
    struct WithIntKeys: Codable { var byID: [Int: String] }
    struct Tree: Codable { var label: String; var children: [Tree] }

    private let int = LiteralType.simple(.int)
    private let float = LiteralType.simple(.float)
    private let string = LiteralType.simple(.string)

    private func field(_ name: String, _ type: LiteralType) -> StructField { StructField(name: name, type: type) }

    @Test func scalarsMapToTheirSluiceTypesInDeclarationOrder() throws {
        let fields = try LiteralSchema.fields(of: Scalars.self)
        #expect(fields == [
            field("count", int), field("small", int), field("ratio", float), field("name", string),
            field("on", .simple(.bool)), field("when", .simple(.datetime)), field("blob", .simple(.bytes)),
            field("wait", .simple(.duration)), field("home", string),
        ])
    }

    @Test func nestedStructsArraysMapsAndOptionalsAreDescribed() throws {
        let point = LiteralType.struct(StructType(name: "Point", fields: [field("x", float), field("y", float)]))
        let fields = try LiteralSchema.fields(of: Shapes.self)
        #expect(fields == [
            field("points", .collection(point)),
            field("grid", .collection(.collection(int))),
            field("byName", .map(point)),
            field("tags", .collection(string)),
            field("note", .union([string, .simple(.none)])),
            field("maybePoints", .collection(.union([point, .simple(.none)]))),
        ])
    }

    @Test func anOptionalInputGetsNoneAsItsDefaultSoCallersMayLeaveItOut() throws {
        let variables = try LiteralSchema.variables(of: Shapes.self)
        #expect(variables.first { $0.name == "note" }?.defaultValue == Literal.none)
        #expect(variables.first { $0.name == "points" }?.defaultValue == nil)
    }

    @Test func derivedTypesAcceptWhatTheEncoderMakesOfAValue() throws {
        let value = Shapes(
            points: [Point(x: 1, y: 2)], grid: [[1, 2], []], byName: ["o": Point(x: 0, y: 0)], tags: ["a"],
            note: nil, maybePoints: [nil, Point(x: 3, y: 4)])
        let type = try LiteralSchema.type(of: Shapes.self)
        #expect(type.mismatches(of: try LiteralEncoder().encode(value)).isEmpty)
    }

    @Test func anEnumIsRefusedNamingTheTypeAndKey() {
        let error = #expect(throws: SchemaError.self) { try LiteralSchema.type(of: WithEnum.self) }
        #expect(error?.typeName == "WithEnum")
        #expect(error?.path == "color")
        #expect(error?.description.contains("WithEnum.color") == true)
    }

    @Test func aLiteralFieldHasNoFixedTypeAndIsRefused() {
        let error = #expect(throws: SchemaError.self) { try LiteralSchema.type(of: WithLiteral.self) }
        #expect(error?.path == "raw")
        #expect(error?.reason.contains("Literal") == true)
    }

    @Test func dictionariesKeyedByIntsAndRecursiveTypesAreRefused() {
        let intKeys = #expect(throws: SchemaError.self) { try LiteralSchema.type(of: WithIntKeys.self) }
        #expect(intKeys?.path == "byID")
        let recursive = #expect(throws: SchemaError.self) { try LiteralSchema.type(of: Tree.self) }
        #expect(recursive?.reason.contains("recursive") == true)
        #expect(recursive?.path == "children[]")
    }

    @Test func inputsAndOutputsMustBeStructsWithNamedFields() {
        let error = #expect(throws: SchemaError.self) { try LiteralSchema.fields(of: [Int].self) }
        #expect(error?.reason.contains("not a struct with named fields") == true)
    }
}
