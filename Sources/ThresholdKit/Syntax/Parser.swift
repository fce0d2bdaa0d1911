/// A recursive-descent parser over the lexer's tokens. Errors are collected as diagnostics; after an
/// error the parser skips to the next declaration so that one load reports every error it can find.
struct Parser {
    struct Abort: Error {}

    let file: SourceFile
    var tokens: [Token]
    var index = 0
    /// How deeply the expression being parsed nests (parentheses, `not`, unary minus, lists).
    var depth = 0
    var diagnostics: [Diagnostic] = []
    /// How the end of the input reads in a message: the end of a file, or, for a value typed alone (`--set`,
    /// the REPL), "nothing".
    var endOfInput = "the end of the file"

    /// How a token reads in a message (`Token.display`, with the end of the input as this parser says it).
    func display(_ t: Token) -> String {
        if case .endOfFile = t.kind { return endOfInput }
        return t.display
    }

    /// The deepest nesting, and the longest chain of one operator, an expression may have: far beyond
    /// any real rule, and low enough that nothing downstream can run out of stack.
    static let maxDepth = Limits.nestingDepth
    static let maxChain = 500

    init(file: SourceFile) {
        self.file = file
        let (tokens, diagnostics) = Lexer.tokenize(file)
        self.tokens = tokens
        self.diagnostics = diagnostics
    }

    // MARK: Cursor

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }
    func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    mutating func accept(word w: String) -> Bool {
        if current.isWord(w) {
            advance()
            return true
        }
        return false
    }

    mutating func accept(_ s: Symbol) -> Bool {
        if current.isSymbol(s) {
            advance()
            return true
        }
        return false
    }

    mutating func expect(word w: String, _ context: String, hint: String? = nil) throws {
        guard accept(word: w) else { throw fail("expected `\(w)` \(context), found \(display(current))", hint: hint) }
    }

    mutating func expect(_ s: Symbol, _ context: String, hint: String? = nil) throws {
        guard accept(s) else { throw fail("expected `\(s.text)` \(context), found \(display(current))", hint: hint) }
    }

    /// Records a syntax error at the current token and returns the error that unwinds to recovery.
    mutating func fail(_ message: String, hint: String? = nil, at span: SourceSpan? = nil) -> Abort {
        diagnostics.append(.error(.syntax, message, at: span ?? current.span, hint: hint))
        return Abort()
    }

    /// A declared name: an identifier that is not a reserved word.
    mutating func name(_ what: String) throws -> Name {
        let t = current
        guard let w = t.word else {
            throw fail(
                "expected \(what), found \(display(t))",
                hint: "names start with a letter or `_`, e.g. `imminent_danger`"
            )
        }
        if Keywords.reserved.contains(w) {
            throw fail(
                "`\(w)` is a reserved word and cannot be used as \(what)",
                hint: "choose another name, e.g. `\(w)_flag`")
        }
        advance()
        return Name(w, t.span)
    }

    mutating func string(_ what: String) throws -> String {
        guard case .string(let s) = current.kind else {
            throw fail("expected \(what) in double quotes, found \(display(current))")
        }
        advance()
        return s
    }

    mutating func optionalString() -> String? {
        if case .string(let s) = current.kind {
            advance()
            return s
        }
        return nil
    }

    /// A number, with an optional leading minus.
    mutating func numberLiteral(_ what: String) throws -> ExactNumber {
        let negative = accept(.arith(.sub))
        guard case .number(let n) = current.kind else { throw fail("expected \(what), found \(display(current))") }
        advance()
        if negative { return ExactNumber(units: 0).subtracting(n) ?? n }
        return n
    }

    mutating func wholeNumber(_ what: String) throws -> Int {
        let t = current
        let n = try numberLiteral(what)
        guard let v = n.intValue, v >= 0 else {
            throw fail("\(what) must be a whole number of 0 or more, not `\(n)`", at: t.span)
        }
        return v
    }

    /// Skips tokens until one of `words` starts a line (or the end), after an error.
    mutating func recover(to words: Set<String>) {
        advance()
        while !atEnd {
            if current.startsLine, let w = current.word, words.contains(w) { return }
            advance()
        }
    }

    /// Parses one level of nesting, refusing input nested deeper than `maxDepth`.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        guard depth < Parser.maxDepth else {
            throw fail(
                "this expression is nested more than \(Parser.maxDepth) levels deep",
                hint: "split it into definitions with `define NAME = …`")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// Counts one more operator in a chain, refusing chains longer than `maxChain`.
    mutating func chained(_ count: inout Int) throws {
        count += 1
        guard count <= Parser.maxChain else {
            throw fail(
                "this expression chains more than \(Parser.maxChain) operators",
                hint: "split it into definitions with `define NAME = …`, or use `any of (…)` / `all of (…)`")
        }
    }

    func spanFrom(_ start: SourceSpan) -> SourceSpan {
        let end = previous.span
        if end.start.line == start.start.line, end.start.file == start.start.file {
            return SourceSpan(start.start, length: end.start.column + end.length - start.start.column)
        }
        return start
    }
}
