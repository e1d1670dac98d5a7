import Testing
import PropertyBased
import SluiceWire

/// Round trips over generated values: whatever a task produces must come back unchanged on the
/// other side, and conversions must throw, never trap, whatever the number.
@Suite("LiteralCodable properties")
struct LiteralCodablePropertyTests {
    static let word = Gen<Character>.letterOrNumber.string(of: 0...8)

    static let row = zip(
        word,
        Gen.int(in: -1_000_000...1_000_000),
        Gen.double(in: -1e9...1e9),
        word.array(of: 0...4),
        word.optional
    ).map { Row(name: $0.0, count: $0.1, weight: $0.2, tags: $0.3, note: $0.4) }

    static let shape = Gen.oneOf(
        Gen.double(in: 0...100).map { Shape.circle(radius: $0) },
        zip(Gen.double(in: 0...10), Gen.double(in: 0...10)).map { Shape.rect($0.0, $0.1) },
        zip(word, Gen.bool()).map { Shape.labelled($0.0, color: $0.1 ? .red : .green) },
        Gen.always(Shape.point)
    )

    @Test func rowsRoundTrip() async {
        await propertyCheck(input: Self.row.array(of: 0...6), zip(Self.word, Gen.int(in: 0...100)).dictionary(ofAtMost: 0...5)) { rows, index throws in
            let table = Table(title: "t", rows: rows, index: index, grid: [], owner: nil, flags: [])
            let literal = try Literal(encoding: table)
            #expect(try literal.decoded(as: Table.self) == table)
            #expect(try Literal(serializedBytes: literal.serializedBytes()) == literal)
        }
    }

    @Test func shapesRoundTrip() async {
        await propertyCheck(input: Self.shape.array(of: 0...5), Gen.int(in: 0...100)) { shapes, n throws in
            let palette = Palette(primary: n.isMultiple(of: 2) ? .red : .green, priority: n < 50 ? .low : .high, shapes: shapes)
            #expect(try Literal(encoding: palette).decoded(as: Palette.self) == palette)
        }
    }

    @Test func encodingTwiceGivesEqualBytes() async {
        await cooperativePropertyCheck(input: Self.row.array(of: 0...4)) { rows throws in
            let first = try Literal(encoding: rows)
            let second = try Literal(encoding: rows)
            #expect(first == second)
            #expect(try first.serializedBytes() == second.serializedBytes())
        }
    }

    @Test func narrowingDecodeAgreesWithExactConversion() async {
        await cooperativePropertyCheck(input: Gen.int64()) { value throws in
            let literal = Literal.int(value)
            #expect((try? literal.decoded(as: Int8.self)) == Int8(exactly: value))
            #expect((try? literal.decoded(as: UInt16.self)) == UInt16(exactly: value))
            #expect((try? literal.decoded(as: Int32.self)) == Int32(exactly: value))
            #expect((try? literal.decoded(as: UInt64.self)) == UInt64(exactly: value))
            #expect(try literal.decoded(as: Int64.self) == value)
        }
    }

    @Test func unsignedEncodeSucceedsExactlyWhenItFits() async {
        await cooperativePropertyCheck(input: Gen.uint64()) { value throws in
            let literal = try? Literal(encoding: value)
            #expect(literal == Int64(exactly: value).map(Literal.int))
        }
    }

    @Test func floatsRoundTripExactly() async {
        await propertyCheck(input: Gen.double(in: -1e300...1e300), Gen.float(in: -1e30...1e30)) { double, float throws in
            #expect(try Literal(encoding: double).decoded(as: Double.self) == double)
            #expect(try Literal(encoding: float).decoded(as: Float.self) == float)
            #expect((try? Literal.float(double).decoded(as: Int.self)) == Int(exactly: double))
        }
    }
}
