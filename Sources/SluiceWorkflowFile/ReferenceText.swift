/// References as workflow files write them: `$inputs.n` (an input of the workflow),
/// `$node.output` (an output of another node), each optionally followed by a path into the
/// value: `.key`, `[2]` or `["odd key"]`, e.g. `$load.rows[2].name`. A text starting `$$` is not
/// a reference but the text with one `$` less.
enum ReferenceText {
    /// What a `$` text means.
    enum Meaning: Equatable {
        case reference(OutputReference)
        /// `$$...`: a literal text beginning with `$`.
        case escaped(String)
    }

    /// nil when `text` does not start with `$` (it is then plain text).
    static func parse(_ text: String) throws(ParseFailure) -> Meaning? {
        guard text.hasPrefix("$") else { return nil }
        if text.hasPrefix("$$") { return .escaped(String(text.dropFirst())) }
        var scanner = Scanner(characters: Array(text.dropFirst()))
        let head = try scanner.name(what: "a node id or 'inputs' after '$'")
        guard scanner.take(".") else {
            throw ParseFailure(message: "'\(text)' is not a reference; write $\(head).OUTPUT, or $inputs.NAME for a workflow input (or $$ for a literal $)")
        }
        let output = try scanner.name(what: "an output name after '$\(head).'")
        var path: [PathElement] = []
        while !scanner.atEnd {
            if scanner.take(".") {
                path.append(.key(try scanner.name(what: "a key after '.'")))
            } else if scanner.take("[") {
                if let quote = scanner.peek, quote == "\"" || quote == "'" {
                    path.append(.key(try scanner.quoted()))
                } else {
                    path.append(.index(try scanner.index()))
                }
                guard scanner.take("]") else { throw scanner.failure("expected ']'") }
            } else {
                throw scanner.failure("unexpected '\(scanner.peek.map(String.init) ?? "")' in reference '\(text)'")
            }
        }
        return .reference(OutputReference(nodeID: head == "inputs" ? "" : head, output: output, path: path))
    }

    /// How a reference is written, for messages: "b.total", "inputs.n", "load.rows[2]".
    static func format(_ reference: OutputReference) -> String {
        var text = (reference.nodeID.isEmpty ? "inputs" : reference.nodeID) + "." + reference.output
        for element in reference.path {
            switch element {
            case .key(let key):
                text += key.allSatisfy(Scanner.isNameCharacter) && !key.isEmpty ? ".\(key)" : "[\"\(key)\"]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    struct ParseFailure: Error, Equatable {
        var message: String
    }

    private struct Scanner {
        let characters: [Character]
        var position = 0

        var atEnd: Bool { position >= characters.count }
        var peek: Character? { atEnd ? nil : characters[position] }

        static func isNameCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "-"
        }

        func failure(_ message: String) -> ParseFailure {
            ParseFailure(message: "\(message) at character \(position + 2) of the reference")
        }

        mutating func take(_ character: Character) -> Bool {
            guard peek == character else { return false }
            position += 1
            return true
        }

        mutating func name(what: String) throws(ParseFailure) -> String {
            let start = position
            while let character = peek, Self.isNameCharacter(character) { position += 1 }
            guard position > start else { throw failure("expected \(what)") }
            return String(characters[start..<position])
        }

        mutating func index() throws(ParseFailure) -> UInt32 {
            let start = position
            while let character = peek, character.isASCII, character.isNumber { position += 1 }
            guard position > start, let value = UInt32(String(characters[start..<position])) else {
                throw failure("expected an index (0, 1, ...) or a quoted key inside '[ ]'")
            }
            return value
        }

        mutating func quoted() throws(ParseFailure) -> String {
            let quote = characters[position]
            position += 1
            let start = position
            while let character = peek, character != quote { position += 1 }
            guard !atEnd else { throw failure("the quoted key is not closed") }
            let key = String(characters[start..<position])
            position += 1
            return key
        }
    }
}
