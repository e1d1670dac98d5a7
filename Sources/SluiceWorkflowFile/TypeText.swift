/// Types as workflow files write them: `int`, `float`, `string`, `bool`, `bytes`, `datetime`,
/// `duration`, `none`, `struct` (any mapping), `blob` or `blob(csv)`, `list<T>` (also
/// `collection<T>`), `map<T>` (string keys), `optional<T>` (T or none), and unions `T | U`.
public enum TypeText {
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        /// 1-based column of the offending token in the type text.
        public var column: Int
        public init(message: String, column: Int) {
            self.message = message
            self.column = column
        }
        public var description: String { "\(message) at column \(column)" }
    }

    /// The type `text` names.
    public static func parse(_ text: String) throws(ParseError) -> LiteralType {
        var parser = Parser(text: text)
        let type = try parser.union()
        if let token = parser.peek() {
            throw ParseError(message: "unexpected '\(token.text)' after the type", column: token.column)
        }
        return type
    }

    /// How a workflow file writes `type` (the inverse of ``parse(_:)`` for the types it can
    /// write; a named struct is written `struct`).
    public static func format(_ type: LiteralType) -> String {
        switch type {
        case .simple(let simple): simple.name.lowercased()
        case .collection(let element): "list<\(format(element))>"
        case .map(let value): "map<\(format(value))>"
        case .blob(let blob): blob.format.isEmpty ? "blob" : "blob(\(blob.format))"
        case .struct: "struct"
        case .union(let variants):
            if variants.count == 2, let none = variants.firstIndex(of: .simple(.none)) {
                "optional<\(format(variants[1 - none]))>"
            } else {
                variants.map(format).joined(separator: " | ")
            }
        }
    }

    static let simpleNames: [String: SimpleType] = [
        "int": .int, "float": .float, "string": .string, "bool": .bool, "bytes": .bytes,
        "datetime": .datetime, "duration": .duration, "none": .none, "struct": .struct,
    ]
    static let genericNames = ["list", "collection", "map", "optional"]

    private struct Token {
        var text: String
        var column: Int
    }

    private struct Parser {
        var tokens: [Token] = []
        var position = 0
        let end: Int
        /// Parentheses and generics open around the current position: the parser recurses once
        /// per level, so deeper nesting is refused before it could exhaust the stack.
        var depth = 0
        static let deepestNesting = 64

        init(text: String) {
            var column = 0
            var word = ""
            var wordColumn = 0
            for character in text {
                column += 1
                if character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
                    if word.isEmpty { wordColumn = column }
                    word.append(character)
                    continue
                }
                if !word.isEmpty { tokens.append(Token(text: word, column: wordColumn)); word = "" }
                if !character.isWhitespace { tokens.append(Token(text: String(character), column: column)) }
            }
            if !word.isEmpty { tokens.append(Token(text: word, column: wordColumn)) }
            end = column + 1
        }

        func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

        mutating func next(expecting what: String) throws(ParseError) -> Token {
            guard let token = peek() else { throw ParseError(message: "expected \(what) but the type ends", column: end) }
            position += 1
            return token
        }

        mutating func expect(_ symbol: String) throws(ParseError) {
            let token = try next(expecting: "'\(symbol)'")
            guard token.text == symbol else {
                throw ParseError(message: "expected '\(symbol)', found '\(token.text)'", column: token.column)
            }
        }

        mutating func union() throws(ParseError) -> LiteralType {
            var variants = [try primary()]
            while peek()?.text == "|" {
                position += 1
                variants.append(try primary())
            }
            return variants.count == 1 ? variants[0] : Self.flattened(variants)
        }

        mutating func descend(at token: Token) throws(ParseError) {
            depth += 1
            guard depth <= Self.deepestNesting else {
                throw ParseError(message: "the type nests more than \(Self.deepestNesting) levels deep", column: token.column)
            }
        }

        mutating func primary() throws(ParseError) -> LiteralType {
            let token = try next(expecting: "a type")
            if token.text == "(" {
                try descend(at: token)
                defer { depth -= 1 }
                let inner = try union()
                try expect(")")
                return inner
            }
            if let simple = TypeText.simpleNames[token.text] { return .simple(simple) }
            switch token.text {
            case "blob":
                guard peek()?.text == "(" else { return .blob(BlobType()) }
                position += 1
                let format = try next(expecting: "a blob format")
                guard format.text.first?.isLetter == true || format.text.first?.isNumber == true else {
                    throw ParseError(message: "expected a blob format such as csv, found '\(format.text)'", column: format.column)
                }
                try expect(")")
                return .blob(BlobType(format: format.text))
            case "list", "collection", "map", "optional":
                try expect("<")
                try descend(at: token)
                defer { depth -= 1 }
                let argument = try union()
                try expect(">")
                switch token.text {
                case "map": return .map(argument)
                case "optional": return Self.flattened([argument, .simple(.none)])
                default: return .collection(argument)
                }
            default:
                let known = (TypeText.simpleNames.keys.sorted() + ["blob"] + TypeText.genericNames.map { "\($0)<T>" })
                let what = token.text.first?.isLetter == true ? "unknown type '\(token.text)'" : "expected a type, found '\(token.text)'"
                throw ParseError(message: "\(what) (known: \(known.joined(separator: ", ")))", column: token.column)
            }
        }

        /// One level of variants, each once, in the order written.
        static func flattened(_ variants: [LiteralType]) -> LiteralType {
            var flat: [LiteralType] = []
            for variant in variants {
                let parts: [LiteralType] = if case .union(let inner) = variant { inner } else { [variant] }
                for part in parts where !flat.contains(part) { flat.append(part) }
            }
            return flat.count == 1 ? flat[0] : .union(flat)
        }
    }
}
