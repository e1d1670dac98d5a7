import PropertyBased
@testable import SluiceWire

/// Random `Literal`s and `LiteralType`s.
enum LiteralGen {
    /// Literals nesting at most 4 containers deep, edge values included.
    static let literal = Generator<Literal, Shrink.None<Literal>>(run: { rng in
        literal(&rng, depth: 4)
    })

    /// Literals with a spine of 1 to 40 nested collections and maps, kept within the default
    /// limit of 100 message levels.
    static let deepLiteral = Generator<Literal, Shrink.None<Literal>>(run: { rng in
        spine(&rng, containers: Pick.int(1...40, &rng), messageBudget: WireLimits.default.maxDepth)
    })

    static let literalType = Generator<LiteralType, Shrink.None<LiteralType>>(run: { rng in
        literalType(&rng, depth: 3)
    })

    // MARK: Literal

    static func literal(_ rng: inout RNG, depth: Int) -> Literal {
        if depth <= 0 || Pick.chance(0.55, &rng) { return scalar(&rng) }
        if Pick.chance(0.5, &rng) {
            return .collection(Pick.array(0...3, &rng) { literal(&$0, depth: depth - 1) })
        }
        return .map(Pick.dictionary(0...3, &rng) { literal(&$0, depth: depth - 1) })
    }

    /// Every non-container case of `Literal`.
    static func scalar(_ rng: inout RNG) -> Literal {
        switch Pick.int(0...9, &rng) {
        case 0: return .int(Pick.int64(&rng))
        case 1: return .float(Pick.double(&rng))
        case 2: return .string(Pick.string(&rng))
        case 3: return .bool(Pick.chance(0.5, &rng))
        case 4: return .bytes(Pick.bytes(&rng))
        case 5: return .datetime(Pick.timestamp(&rng))
        case 6: return .duration(Pick.duration(&rng))
        case 7: return .none
        case 8: return .blob(blobRef(&rng))
        default: return .error(literalError(&rng))
        }
    }

    /// A scalar that is not itself a message on the wire (one message level).
    static func flatScalar(_ rng: inout RNG) -> Literal {
        switch Pick.int(0...4, &rng) {
        case 0: return .int(Pick.int64(&rng))
        case 1: return .float(Pick.double(&rng))
        case 2: return .string(Pick.string(&rng))
        case 3: return .bool(Pick.chance(0.5, &rng))
        default: return .bytes(Pick.bytes(&rng))
        }
    }

    /// `containers` nested collections and maps around a scalar, with scalar siblings on the
    /// way. A collection costs 2 message levels (Literal, LiteralCollection), a map 3 (Literal,
    /// LiteralMap, its entry); the innermost literal 1. Maps are used while the budget allows.
    static func spine(_ rng: inout RNG, containers: Int, messageBudget: Int) -> Literal {
        var kinds: [Bool] = []  // true: map
        var used = 1
        for _ in 0..<containers {
            let map = Pick.chance(0.4, &rng) && used + 3 + 2 * (containers - kinds.count - 1) <= messageBudget
            used += map ? 3 : 2
            kinds.append(map)
        }
        var value = flatScalar(&rng)
        for map in kinds.reversed() {
            if map {
                var entries = Pick.dictionary(0...2, &rng) { flatScalar(&$0) }
                entries[Pick.key(&rng)] = value
                value = .map(entries)
            } else {
                var elements = Pick.array(0...2, &rng) { flatScalar(&$0) }
                elements.insert(value, at: Pick.int(0...elements.count, &rng))
                value = .collection(elements)
            }
        }
        return value
    }

    /// `levels` nested collections around `inner`: 2 message levels each.
    static func nestedCollections(_ levels: Int, around inner: Literal) -> Literal {
        (0..<levels).reduce(inner) { value, _ in .collection([value]) }
    }

    static func blobRef(_ rng: inout RNG) -> BlobRef {
        BlobRef(
            uri: Pick.element(["", "file:///tmp/data.csv", "s3://bucket/ключ/🗂"], &rng),
            contentHash: Pick.chance(0.5, &rng) ? "sha256:" + String(repeating: "ab", count: 32) : "",
            size: Pick.uint64(&rng), format: Pick.string(&rng),
            dimensionality: Pick.caseOf(BlobDimensionality.self, &rng))
    }

    static func literalError(_ rng: inout RNG) -> LiteralError {
        LiteralError(
            message: Pick.string(&rng), kind: Pick.caseOf(ErrorKind.self, &rng),
            nodeID: Pick.string(&rng), code: Pick.element(["", "NonZeroExit", "Timeout", "Rejected"], &rng))
    }

    // MARK: LiteralType

    static func literalType(_ rng: inout RNG, depth: Int) -> LiteralType {
        if depth <= 0 || Pick.chance(0.4, &rng) { return .simple(Pick.caseOf(SimpleType.self, &rng)) }
        switch Pick.int(0...4, &rng) {
        case 0: return .collection(literalType(&rng, depth: depth - 1))
        case 1: return .map(literalType(&rng, depth: depth - 1))
        case 2:
            return .blob(BlobType(format: Pick.string(&rng), dimensionality: Pick.caseOf(BlobDimensionality.self, &rng)))
        case 3: return .union(Pick.array(0...3, &rng) { literalType(&$0, depth: depth - 1) })
        default:
            return .struct(StructType(name: Pick.string(&rng), fields: Pick.array(0...3, &rng) { r in
                StructField(
                    name: Pick.key(&r), type: Pick.optional(&r) { literalType(&$0, depth: depth - 1) },
                    description: Pick.string(&r))
            }))
        }
    }

    static func typedInterface(_ rng: inout RNG) -> TypedInterface {
        func variable(_ rng: inout RNG) -> Variable {
            Variable(
                name: Pick.key(&rng), type: Pick.optional(&rng) { literalType(&$0, depth: 2) },
                description: Pick.string(&rng), defaultValue: Pick.optional(&rng) { literal(&$0, depth: 2) })
        }
        return TypedInterface(inputs: Pick.array(0...3, &rng) { variable(&$0) }, outputs: Pick.array(0...2, &rng) { variable(&$0) })
    }
}
