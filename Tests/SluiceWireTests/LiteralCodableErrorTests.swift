#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import SluiceWire

/// Failures a user sees when a task's values do not fit: each must be a thrown error that names
/// the place and the mismatch, never a crash.
@Suite("LiteralCodable errors")
struct LiteralCodableErrorTests {
    @Test func unsignedAboveInt64MaxIsAnEncodingError() throws {
        let counters = Counters(small: 1, big: UInt64.max)
        do {
            _ = try Literal(encoding: counters)
            Issue.record("encoding UInt64.max should fail")
        } catch let error as EncodingError {
            let context = try #require(error.context)
            #expect(pathStrings(context.codingPath) == ["big"])
            #expect(context.debugDescription.contains("18446744073709551615"))
            #expect(context.debugDescription.contains("Int64.max"))
        }
        #expect(try Literal(encoding: UInt64(Int64.max)) == .int(Int64.max))
        #expect(throws: EncodingError.self) { try Literal(encoding: [UInt(Int64.max) + 1]) }
        #expect(throws: EncodingError.self) { try Literal(encoding: Int128(Int64.min) - 1) }
    }

    @Test func narrowIntegerOverflowIsADecodingError() throws {
        let literal = Literal.map(["small": .int(300), "big": .int(1)])
        do {
            _ = try literal.decoded(as: Counters.self)
            Issue.record("300 should not decode as UInt8")
        } catch let error as DecodingError {
            guard case .dataCorrupted(let context) = error else {
                Issue.record("expected dataCorrupted, got \(error)")
                return
            }
            #expect(pathStrings(context.codingPath) == ["small"])
            #expect(context.debugDescription == "300 at small does not fit in UInt8")
        }
        #expect(throws: DecodingError.self) { try Literal.int(-1).decoded(as: UInt.self) }
        #expect(throws: DecodingError.self) { try Literal.int(Int64.min).decoded(as: Int32.self) }
    }

    @Test func floatIntoIntegerMustBeIntegralAndInRange() {
        #expect(throws: DecodingError.self) { try Literal.float(2.5).decoded(as: Int.self) }
        #expect(throws: DecodingError.self) { try Literal.float(1e30).decoded(as: Int64.self) }
        #expect(throws: DecodingError.self) { try Literal.float(.nan).decoded(as: Int.self) }
        #expect(throws: DecodingError.self) { try Literal.float(.infinity).decoded(as: UInt8.self) }
        #expect(throws: DecodingError.self) { try Literal.float(1e300).decoded(as: Float.self) }
    }

    @Test func typeMismatchNamesPathExpectedAndFound() throws {
        let literal = Literal.map(["inputs": .map(["rows": .collection([.int(1), .int(2), .string("3")])])])
        do {
            _ = try literal.decoded(as: Job.self)
            Issue.record("a string in rows should fail")
        } catch let error as DecodingError {
            guard case .typeMismatch(let type, let context) = error else {
                Issue.record("expected typeMismatch, got \(error)")
                return
            }
            #expect(type is Int.Type)
            #expect(pathStrings(context.codingPath) == ["inputs", "rows", "2"])
            #expect(context.debugDescription == "expected an int at inputs.rows[2], found a string")
        }
    }

    @Test func containerMismatchAtTopLevel() throws {
        let error = try #require(throws: DecodingError.self) { try Literal.collection([]).decoded(as: Row.self) }
        #expect(error.context?.debugDescription == "expected a map at the top level, found a collection")
        let second = try #require(throws: DecodingError.self) { try Literal.map([:]).decoded(as: [Int].self) }
        #expect(second.context?.debugDescription == "expected a collection at the top level, found a map")
    }

    @Test func missingRequiredKeyIsKeyNotFound() throws {
        let error = try #require(throws: DecodingError.self) {
            try Literal.map(["inputs": .map([:])]).decoded(as: Job.self)
        }
        guard case .keyNotFound(let key, let context) = error else {
            Issue.record("expected keyNotFound, got \(error)")
            return
        }
        #expect(key.stringValue == "rows")
        #expect(pathStrings(context.codingPath) == ["inputs"])
    }

    @Test func noneForRequiredValueIsValueNotFound() throws {
        let error = try #require(throws: DecodingError.self) {
            try Literal.map(["rows": .collection([.none])]).decoded(as: Inputs.self)
        }
        guard case .valueNotFound(_, let context) = error else {
            Issue.record("expected valueNotFound, got \(error)")
            return
        }
        #expect(context.debugDescription == "expected an int at rows[0], found none")
    }

    @Test func specialTypesRejectOtherKinds() throws {
        let error = try #require(throws: DecodingError.self) {
            try Literal.map(["createdAt": .float(1)]).decoded(as: Artifact.self)
        }
        #expect(error.context?.debugDescription == "expected a datetime at createdAt, found a float")
        #expect(throws: DecodingError.self) { try Literal.string("abc").decoded(as: Data.self) }
        #expect(throws: DecodingError.self) { try Literal.int(5).decoded(as: Duration.self) }
        #expect(throws: DecodingError.self) { try Literal.string("").decoded(as: URL.self) }
    }

    @Test func unrepresentableDatesAndDurationsAreEncodingErrors() throws {
        let tooLate = try #require(throws: EncodingError.self) {
            try Literal(encoding: ["when": Date(timeIntervalSince1970: 1e18)])
        }
        #expect(pathStrings(tooLate.context?.codingPath ?? []) == ["when"])
        #expect(throws: EncodingError.self) { try Literal(encoding: Date(timeIntervalSince1970: .infinity)) }
        #expect(throws: EncodingError.self) { try Literal(encoding: Duration.seconds(Int64.max)) }
    }

    @Test func containerMisuseThrowsInsteadOfCrashing() throws {
        struct Confused: Encodable {
            func encode(to encoder: any Encoder) throws {
                var single = encoder.singleValueContainer()
                try single.encode(1)
                var list = encoder.unkeyedContainer()
                try list.encode(2)
            }
        }
        let error = try #require(throws: EncodingError.self) { try Literal(encoding: ["x": Confused()]) }
        #expect(error.context?.debugDescription == "invalid use of LiteralEncoder: an unkeyed container requested at x after a single value was used there")
    }
}
