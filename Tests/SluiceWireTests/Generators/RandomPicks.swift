import PropertyBased
@testable import SluiceWire

/// The random source PropertyBased hands to hand-written generators.
typealias RNG = any SeededRandomNumberGenerator

/// Small building blocks for hand-written generators: choices, collections, and the edge values
/// of scalars, strings, bytes, timestamps and durations.
enum Pick {
    static func int(_ range: ClosedRange<Int>, _ rng: inout RNG) -> Int {
        Int.random(in: range, using: &rng)
    }

    static func chance(_ probability: Double, _ rng: inout RNG) -> Bool {
        Double.random(in: 0..<1, using: &rng) < probability
    }

    static func element<T>(_ choices: [T], _ rng: inout RNG) -> T {
        choices[int(0...(choices.count - 1), &rng)]
    }

    static func caseOf<E: CaseIterable>(_ type: E.Type, _ rng: inout RNG) -> E {
        element(Array(E.allCases), &rng)
    }

    static func array<T>(_ count: ClosedRange<Int>, _ rng: inout RNG, _ make: (inout RNG) -> T) -> [T] {
        (0..<int(count, &rng)).map { _ in make(&rng) }
    }

    static func optional<T>(_ rng: inout RNG, _ make: (inout RNG) -> T) -> T? {
        chance(0.6, &rng) ? make(&rng) : nil
    }

    static func dictionary<V>(
        _ count: ClosedRange<Int>, _ rng: inout RNG, _ make: (inout RNG) -> V
    ) -> [String: V] {
        var result: [String: V] = [:]
        for _ in 0..<int(count, &rng) { result[key(&rng)] = make(&rng) }
        return result
    }

    static func labels(_ rng: inout RNG) -> [String: String] {
        dictionary(0...3, &rng) { string(&$0) }
    }

    // MARK: Scalars

    static func int64(_ rng: inout RNG) -> Int64 {
        chance(0.4, &rng)
            ? element([Int64.min, .max, 0, -1, 1, Int64(Int32.min), Int64(UInt32.max)], &rng)
            : Int64.random(in: .min ... .max, using: &rng)
    }

    static func uint64(_ rng: inout RNG) -> UInt64 {
        chance(0.3, &rng) ? element([0, 1, .max, 1 << 63], &rng) : UInt64.random(in: .min ... .max, using: &rng)
    }

    static func uint32(_ rng: inout RNG) -> UInt32 {
        chance(0.3, &rng) ? element([0, 1, .max], &rng) : UInt32.random(in: .min ... .max, using: &rng)
    }

    /// Finite and non-finite edge values, NaN included: compare bytes, not values, where it may occur.
    static func double(_ rng: inout RNG) -> Double {
        if chance(0.5, &rng) {
            return element([
                0.0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, .nan, 1.0 / 3.0, .pi,
            ], &rng)
        }
        // Any finite double: random sign and fraction, any exponent but the all-ones one (inf/NaN).
        let exponentMask: UInt64 = 0x7ff << 52
        let exponent = UInt64(int(0...2046, &rng)) << 52
        return Double(bitPattern: (UInt64.random(in: .min ... .max, using: &rng) & ~exponentMask) | exponent)
    }

    // MARK: Strings and bytes

    static let edgeStrings: [String] = [
        "", "a", "hello, world", "👩‍👩‍👧‍👦", "🏳️‍🌈 flag", "e\u{301}", "Z\u{324}\u{354}\u{367}\u{311}\u{313}",
        "日本語のテキスト", "مرحبا بالعالم", "\u{FEFF}bom", "\u{10FFFF}", "tab\tnew\nline\r",
        "quote\" back\\slash ' {{inputs.x}}", "\u{7F}\u{80}\u{7FF}\u{800}", String(repeating: "x", count: 300),
    ]

    /// Any Unicode scalar except NUL (which protobuf-c cannot carry in a string) and surrogates.
    static func scalar(_ rng: inout RNG) -> Character {
        let ranges: [ClosedRange<UInt32>] = [1...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF]
        let range = element(ranges, &rng)
        return Character(Unicode.Scalar(UInt32.random(in: range, using: &rng))!)
    }

    static func string(_ rng: inout RNG) -> String {
        if chance(0.5, &rng) { return element(edgeStrings, &rng) }
        return String(array(0...12, &rng) { scalar(&$0) })
    }

    /// Map keys: short, sometimes empty or non-ASCII.
    static func key(_ rng: inout RNG) -> String {
        if chance(0.3, &rng) { return element(["", "a", "b", "é", "e\u{301}z", "f", "🔑", "Ω", "key with space"], &rng) }
        return String(array(1...6, &rng) { chance(0.7, &$0) ? Character(Unicode.Scalar(UInt8(int(97...122, &$0)))) : scalar(&$0) })
    }

    static func bytes(_ rng: inout RNG) -> [UInt8] {
        switch int(0...3, &rng) {
        case 0: return []
        case 1: return (0..<1024).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        case 2: return [0, 0, 0xff, 0x80]
        default: return array(1...16, &rng) { UInt8.random(in: .min ... .max, using: &$0) }
        }
    }

    // MARK: Well-known types

    /// Timestamps within protobuf's range, edges included.
    static func timestamp(_ rng: inout RNG) -> Timestamp {
        let range = Timestamp.validSeconds
        switch int(0...4, &rng) {
        case 0: return Timestamp(seconds: range.lowerBound, nanos: 0)
        case 1: return Timestamp(seconds: range.upperBound, nanos: 999_999_999)
        case 2: return Timestamp(seconds: 0, nanos: 0)
        case 3: return Timestamp(seconds: -1, nanos: 999_999_999)
        default:
            return Timestamp(seconds: Int64.random(in: range, using: &rng), nanos: Int32.random(in: 0...999_999_999, using: &rng))
        }
    }

    /// Whole nanoseconds within protobuf's ±10,000 years, both signs.
    static func duration(_ rng: inout RNG) -> Duration {
        let maxSeconds: Int64 = 315_576_000_000
        switch int(0...5, &rng) {
        case 0: return .zero
        case 1: return element([.nanoseconds(1), .nanoseconds(-1)], &rng)
        case 2: return .seconds(maxSeconds) + .nanoseconds(999_999_999)
        case 3: return .seconds(-maxSeconds) - .nanoseconds(999_999_999)
        default:
            let seconds = Int64.random(in: -maxSeconds...maxSeconds, using: &rng)
            let nanos = Int64.random(in: 0...999_999_999, using: &rng)
            let negative = seconds < 0 || (seconds == 0 && chance(0.5, &rng))
            return .seconds(seconds) + .nanoseconds(negative ? -nanos : nanos)
        }
    }

    static func identifier(_ rng: inout RNG) -> Identifier {
        Identifier(name: string(&rng), version: chance(0.5, &rng) ? "" : "v\(int(1...99, &rng))")
    }
}
