/// The condition language of branch cases: comparisons between one of the branch node's inputs
/// and a value (a number, a 'quoted' or "quoted" text, true or false) or another input, joined
/// with `and`, `or`, `not` and parentheses. A bare input name means `name == true`.
///
///     total > 100 and not (label == 'skip' or retries >= 3)
public enum BranchCondition {
    /// What is wrong, and the token where it was found.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        /// 1-based column in the condition text.
        public var column: Int
        public init(message: String, column: Int) {
            self.message = message
            self.column = column
        }
        public var description: String { "\(message) at column \(column)" }
    }

    /// The expression `text` writes, using only the names in `inputs`.
    public static func parse(_ text: String, inputs: Set<String>) throws(ParseError) -> BooleanExpression {
        try parse(text, inputs: inputs, types: [:])
    }

    /// As ``parse(_:inputs:)``; a whole number compared with an input declared `float` is read
    /// as a float, so that `ratio > 1` means what it says.
    static func parse(_ text: String, inputs: Set<String>, types: [String: LiteralType]) throws(ParseError) -> BooleanExpression {
        var parser = Parser(tokens: try Lexer.tokens(of: text), end: text.count + 1, inputs: inputs, types: types)
        let expression = try parser.disjunction()
        if let token = parser.peek() {
            throw ParseError(message: "unexpected \(token.quoted); join conditions with 'and' or 'or'", column: token.column)
        }
        return expression
    }

    struct Token: Equatable {
        enum Kind: Equatable {
            case name(String)
            case number(Literal)
            case text(String)
            case symbol(String)
        }
        var kind: Kind
        var spelling: String
        var column: Int

        var quoted: String { "'\(spelling)'" }
        var isComparison: Bool {
            if case .symbol(let symbol) = kind { Parser.comparisons[symbol] != nil } else { false }
        }
    }

    enum Lexer {
        static func tokens(of text: String) throws(ParseError) -> [Token] {
            let characters = Array(text)
            var tokens: [Token] = []
            var index = 0
            while index < characters.count {
                let character = characters[index]
                let column = index + 1
                if character.isWhitespace {
                    index += 1
                } else if character.isLetter || character == "_" {
                    let start = index
                    while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" { index += 1 }
                    let word = String(characters[start..<index])
                    tokens.append(Token(kind: .name(word), spelling: word, column: column))
                } else if character.isNumber || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                    let start = index
                    index += 1
                    while index < characters.count, characters[index].isNumber || characters[index] == "." || characters[index] == "e"
                            || characters[index] == "E" || ((characters[index] == "-" || characters[index] == "+") && "eE".contains(characters[index - 1])) {
                        index += 1
                    }
                    let spelling = String(characters[start..<index])
                    if let value = Int64(spelling) {
                        tokens.append(Token(kind: .number(.int(value)), spelling: spelling, column: column))
                    } else if let value = Double(spelling), value.isFinite {
                        tokens.append(Token(kind: .number(.float(value)), spelling: spelling, column: column))
                    } else {
                        throw ParseError(message: "'\(spelling)' is not a number", column: column)
                    }
                } else if character == "'" || character == "\"" {
                    var value = ""
                    index += 1
                    var closed = false
                    while index < characters.count {
                        let next = characters[index]
                        if next == "\\", index + 1 < characters.count {
                            value.append(characters[index + 1])
                            index += 2
                        } else if next == character {
                            index += 1
                            closed = true
                            break
                        } else {
                            value.append(next)
                            index += 1
                        }
                    }
                    guard closed else { throw ParseError(message: "the text starting here is not closed with \(character)", column: column) }
                    tokens.append(Token(kind: .text(value), spelling: String(characters[(column - 1)..<index]), column: column))
                } else {
                    let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                    if ["==", "!=", ">=", "<="].contains(pair) {
                        tokens.append(Token(kind: .symbol(pair), spelling: pair, column: column))
                        index += 2
                    } else if "<>()".contains(character) {
                        tokens.append(Token(kind: .symbol(String(character)), spelling: String(character), column: column))
                        index += 1
                    } else if character == "=" {
                        throw ParseError(message: "'=' is not a comparison; write '=='", column: column)
                    } else if pair == "&&" || pair == "||" {
                        throw ParseError(message: "write '\(pair == "&&" ? "and" : "or")' instead of '\(pair)'", column: column)
                    } else if character == "!" {
                        throw ParseError(message: "write 'not' instead of '!'", column: column)
                    } else {
                        throw ParseError(message: "unexpected '\(character)'", column: column)
                    }
                }
            }
            return tokens
        }
    }

    struct Parser {
        static let comparisons: [String: ComparisonOperator] = [
            "==": .eq, "!=": .ne, ">": .gt, ">=": .ge, "<": .lt, "<=": .le,
        ]
        static let keywords: Set<String> = ["and", "or", "not", "true", "false"]

        let tokens: [Token]
        var position = 0
        /// The column just past the text, for "ends early" errors.
        let end: Int
        /// Parentheses and `not`s open around the current position: the parser recurses once per
        /// level, so deeper nesting is refused before it could exhaust the stack.
        var depth = 0
        static let deepestNesting = 64
        let inputs: Set<String>
        let types: [String: LiteralType]

        init(tokens: [Token], end: Int, inputs: Set<String>, types: [String: LiteralType]) {
            self.tokens = tokens
            self.end = end
            self.inputs = inputs
            self.types = types
        }

        func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

        func isKeyword(_ word: String) -> Bool {
            if case .name(word)? = peek()?.kind { true } else { false }
        }

        mutating func next(expecting what: String, after previous: String? = nil) throws(ParseError) -> Token {
            guard let token = peek() else {
                let after = previous.map { " after '\($0)'" } ?? ""
                throw ParseError(message: "the condition ends early: expected \(what)\(after)", column: end)
            }
            position += 1
            return token
        }

        mutating func disjunction() throws(ParseError) -> BooleanExpression {
            var operands = [try conjunction()]
            while isKeyword("or") {
                position += 1
                operands.append(try conjunction())
            }
            return operands.count == 1 ? operands[0] : .conjunction(Conjunction(op: .or, operands: operands))
        }

        mutating func conjunction() throws(ParseError) -> BooleanExpression {
            var operands = [try negation()]
            while isKeyword("and") {
                position += 1
                operands.append(try negation())
            }
            return operands.count == 1 ? operands[0] : .conjunction(Conjunction(op: .and, operands: operands))
        }

        mutating func negation() throws(ParseError) -> BooleanExpression {
            if let token = peek(), isKeyword("not") {
                position += 1
                try descend(at: token)
                defer { depth -= 1 }
                return .negation(try negation())
            }
            return try primary()
        }

        mutating func descend(at token: Token) throws(ParseError) {
            depth += 1
            guard depth <= Self.deepestNesting else {
                throw ParseError(message: "the condition nests more than \(Self.deepestNesting) levels deep", column: token.column)
            }
        }

        mutating func primary() throws(ParseError) -> BooleanExpression {
            guard let token = peek() else {
                let previous = position > 0 ? tokens[position - 1].spelling : nil
                throw ParseError(
                    message: "the condition ends early: expected a comparison\(previous.map { " after '\($0)'" } ?? "")", column: end)
            }
            if token.kind == .symbol("(") {
                position += 1
                try descend(at: token)
                defer { depth -= 1 }
                let inner = try disjunction()
                guard let closing = peek() else {
                    throw ParseError(message: "the '(' at column \(token.column) is not closed", column: end)
                }
                guard closing.kind == .symbol(")") else {
                    throw ParseError(message: "expected ')' to close the '(' at column \(token.column), found \(closing.quoted)", column: closing.column)
                }
                position += 1
                return inner
            }
            let left = try operand()
            guard let comparison = peek(), comparison.isComparison, case .symbol(let symbol) = comparison.kind,
                  let op = Self.comparisons[symbol] else {
                // A bare input stands for "is true"; a bare value compares nothing.
                if case .input(let name) = left.operand {
                    return .comparison(Comparison(op: .eq, left: .input(name), right: .literal(.bool(true))))
                }
                let found = peek().map { ", found \($0.quoted)" } ?? ""
                throw ParseError(
                    message: "expected a comparison operator (==, !=, >, >=, <, <=) after \(left.token.quoted)\(found)",
                    column: peek()?.column ?? end)
            }
            position += 1
            let right = try operand(after: comparison.spelling)
            if case .literal = left.operand, case .literal = right.operand {
                throw ParseError(message: "\(left.token.quoted) \(symbol) \(right.token.quoted) compares two values; one side must be an input", column: left.token.column)
            }
            return .comparison(Comparison(op: op, left: coerce(left.operand, toward: right.operand), right: coerce(right.operand, toward: left.operand)))
        }

        mutating func operand(after previous: String? = nil) throws(ParseError) -> (operand: Operand, token: Token) {
            let token = try next(expecting: "an input name or a value", after: previous)
            switch token.kind {
            case .number(let value):
                return (.literal(value), token)
            case .text(let value):
                return (.literal(.string(value)), token)
            case .name("true"):
                return (.literal(.bool(true)), token)
            case .name("false"):
                return (.literal(.bool(false)), token)
            case .name(let name) where !Self.keywords.contains(name):
                guard inputs.contains(name) else {
                    let known = inputs.isEmpty ? "the branch node has no inputs" : "inputs: \(inputs.sorted().joined(separator: ", "))"
                    throw ParseError(message: "unknown input '\(name)' (\(known))", column: token.column)
                }
                return (.input(name), token)
            default:
                throw ParseError(message: "expected an input name or a value, found \(token.quoted)", column: token.column)
            }
        }

        /// A whole number compared with a float input is that float.
        func coerce(_ operand: Operand, toward other: Operand) -> Operand {
            guard case .literal(.int(let value)) = operand, case .input(let name) = other,
                  let type = types[name], type == .simple(.float) || type == .union([.simple(.float), .simple(.none)]) else {
                return operand
            }
            return .literal(.float(Double(value)))
        }
    }
}
