import BenchSupport
import SluiceWire

/// Encoding and decoding a 1,000-element collection Literal: a third ints, a third floats, a
/// third short strings, as a task's list output might be.
enum CodecTiming {
    static let literal: Literal = .collection((0..<1000).map { index in
        switch index % 3 {
        case 0: .int(Int64(index) * 7_919)
        case 1: .float(Double(index) / 7)
        default: .string("element-\(index)")
        }
    })

    /// Median over `runs` of the mean time of `iterations` encodings, in microseconds.
    static func encode(runs: Int = 9, iterations: Int = 300) throws -> Double {
        try time(runs: runs, iterations: iterations) { _ = try literal.serializedBytes() }
    }

    static func decode(runs: Int = 9, iterations: Int = 300) throws -> Double {
        let bytes = try literal.serializedBytes()
        return try time(runs: runs, iterations: iterations) {
            _ = try Literal(serializedBytes: bytes, limits: .default)
        }
    }

    private static func time(runs: Int, iterations: Int, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        for _ in 0..<iterations { try body() }  // warm up
        var means: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            for _ in 0..<iterations { try body() }
            means.append((clock.now - start).microseconds / Double(iterations))
        }
        return median(means)
    }
}
