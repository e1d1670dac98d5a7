import Testing
import SluiceWire

/// Hand-written Codable code (class hierarchies, nested containers, reading the same element
/// twice) exercising the container API beyond what synthesized conformances use.
@Suite("LiteralCodable containers")
struct LiteralCodableContainerTests {
    class Base: Codable {
        var id: Int
        init(id: Int) { self.id = id }
    }

    final class Derived: Base {
        var label: String
        init(id: Int, label: String) {
            self.label = label
            super.init(id: id)
        }
        enum CodingKeys: String, CodingKey { case label }
        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            label = try container.decode(String.self, forKey: .label)
            try super.init(from: container.superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try super.encode(to: container.superEncoder())
        }
    }

    @Test func superEncoderNestsTheSuperclassUnderSuper() throws {
        let literal = try Literal(encoding: Derived(id: 5, label: "d"))
        #expect(literal == .map(["label": .string("d"), "super": .map(["id": .int(5)])]))
        let back = try literal.decoded(as: Derived.self)
        #expect(back.id == 5 && back.label == "d")
    }

    /// A point stored as {"position": [x, y], "meta": {"tag": ...}}, written with nested containers.
    struct Point: Codable, Equatable {
        var x: Int, y: Int, tag: String
        enum Keys: String, CodingKey { case position, meta, extra }
        enum MetaKeys: String, CodingKey { case tag }
        init(x: Int, y: Int, tag: String) { (self.x, self.y, self.tag) = (x, y, tag) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var position = container.nestedUnkeyedContainer(forKey: .position)
            try position.encode(x)
            try position.encode(y)
            var meta = container.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta)
            try meta.encode(tag, forKey: .tag)
            var extra = container.nestedUnkeyedContainer(forKey: .extra)
            var inner = extra.nestedContainer(keyedBy: MetaKeys.self)
            try inner.encode(tag, forKey: .tag)
            var flag = extra.superEncoder().singleValueContainer()
            try flag.encode(true)
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            var position = try container.nestedUnkeyedContainer(forKey: .position)
            #expect(position.count == 2)
            x = try position.decode(Int.self)
            y = try position.decode(Int.self)
            #expect(position.isAtEnd)
            do {
                _ = try position.decode(Int.self)
                Issue.record("decoding past the end should throw")
            } catch is DecodingError {}
            tag = try container.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta).decode(String.self, forKey: .tag)
            var extra = try container.nestedUnkeyedContainer(forKey: .extra)
            _ = try extra.nestedContainer(keyedBy: MetaKeys.self)
            #expect(try extra.superDecoder().singleValueContainer().decode(Bool.self))
        }
    }

    @Test func nestedContainersBuildNestedLiterals() throws {
        let point = Point(x: 3, y: -4, tag: "p")
        let literal = try Literal(encoding: point)
        #expect(literal == .map([
            "position": .collection([.int(3), .int(-4)]),
            "meta": .map(["tag": .string("p")]),
            "extra": .collection([.map(["tag": .string("p")]), .bool(true)]),
        ]))
        #expect(try literal.decoded(as: Point.self) == point)
    }

    /// Reads a list whose elements are either an int or a string, retrying a failed element.
    struct Mixed: Decodable {
        var values: [String] = []
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            while !container.isAtEnd {
                if try container.decodeNil() {
                    values.append("nil")
                } else if let int = try? container.decode(Int.self) {
                    values.append("int \(int)")
                } else {
                    values.append("string \(try container.decode(String.self))")
                }
            }
        }
    }

    @Test func failedElementDecodeDoesNotAdvance() throws {
        let mixed = try Literal.collection([.int(1), .string("a"), .none, .int(2)]).decoded(as: Mixed.self)
        #expect(mixed.values == ["int 1", "string a", "nil", "int 2"])
    }

    @Test func allKeysListsMapEntriesInOrder() throws {
        struct Keys: Decodable {
            var names: [String]
            init(from decoder: any Decoder) throws {
                names = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            }
        }
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let keys = try Literal.map(["b": .int(1), "a": .none, "c": .bool(true)]).decoded(as: Keys.self)
        #expect(keys.names == ["a", "b", "c"])
    }
}
