import SluiceWire

/// A small seeded generator (SplitMix64), so that a failing value can be reproduced.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random types with a random value of each, nested a few levels, covering every kind a value
/// can take in JSON.
enum RandomValues {
    static func typedValue(depth: Int = 0, using random: inout SeededRandom) -> (LiteralType, Literal) {
        let pick = Int.random(in: 0..<(depth >= 3 ? 9 : 13), using: &random)
        switch pick {
        case 0: return (.simple(.int), .int(Int64.random(in: .min ... .max, using: &random)))
        case 1: return (.simple(.float), .float(finiteDouble(using: &random)))
        case 2: return (.simple(.string), .string(string(using: &random)))
        case 3: return (.simple(.bool), .bool(Bool.random(using: &random)))
        case 4: return (.simple(.bytes), .bytes((0..<Int.random(in: 0..<9, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }))
        case 5:
            let seconds = Int64.random(in: Timestamp.validSeconds, using: &random)
            return (.simple(.datetime), .datetime(Timestamp(seconds: seconds, nanos: Int32.random(in: 0..<1_000_000_000, using: &random))))
        case 6:
            let nanos = Int64.random(in: -1_000_000_000_000_000...1_000_000_000_000_000, using: &random)
            return (.simple(.duration), .duration(.nanoseconds(nanos)))
        case 7: return (.simple(.none), .none)
        case 8:
            let (type, value) = typedValue(depth: depth + 1, using: &random)
            let optional = LiteralType.union([type, .simple(.none)])
            return Bool.random(using: &random) ? (optional, value) : (optional, .none)
        case 9:
            let (element, first) = typedValue(depth: depth + 1, using: &random)
            return (.collection(element), .collection(Bool.random(using: &random) ? [first, first] : []))
        case 10:
            let (value, sample) = typedValue(depth: depth + 1, using: &random)
            // "k" is not in the random strings' alphabet, so the keys never collide.
            return (.map(value), .map([string(using: &random): sample, "k": sample]))
        case 11:
            let (fieldType, fieldValue) = typedValue(depth: depth + 1, using: &random)
            let structType = StructType(name: "R", fields: [StructField(name: "f", type: fieldType)])
            return (.struct(structType), .map(["f": fieldValue]))
        default:
            return (.union([.simple(.int), .simple(.float)]),
                    Bool.random(using: &random) ? .int(Int64.random(in: -1000...1000, using: &random)) : .float(finiteDouble(using: &random)))
        }
    }

    private static func finiteDouble(using random: inout SeededRandom) -> Double {
        while true {
            let value = Double(bitPattern: random.next())
            if value.isFinite { return value }
        }
    }

    private static func string(using random: inout SeededRandom) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "€", "🚀", "\u{FFFF}"]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0..<8, using: &random) {
            text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
        }
        return String(text)
    }
}
