/// Parsing expressions. Precedence, loosest first: `or`, `and`, `not`, comparisons, `+ -`, `* /`, unary minus.
extension Parser {
    mutating func expression() throws -> Expr { try orExpr() }

    mutating func orExpr() throws -> Expr { try chain("or", of: { try $0.andExpr() }, ExprKind.or) }

    mutating func andExpr() throws -> Expr { try chain("and", of: { try $0.notExpr() }, ExprKind.and) }

    /// `x WORD y WORD z …`, joined from the left (`or` over `and`s, `and` over `not`s).
    private mutating func chain(
        _ word: String, of operand: (inout Parser) throws -> Expr, _ make: (Expr, Expr) -> ExprKind
    ) throws -> Expr {
        var lhs = try operand(&self)
        var chain = 0
        while accept(word: word) {
            try chained(&chain)
            let rhs = try operand(&self)
            lhs = Expr(make(lhs, rhs), join(lhs.span, rhs.span))
        }
        return lhs
    }

    mutating func notExpr() throws -> Expr {
        if current.isWord("not") {
            let start = advance().span
            let inner = try nested { try $0.notExpr() }
            return Expr(.not(inner), join(start, inner.span))
        }
        return try predicate()
    }

    mutating func predicate() throws -> Expr {
        let lhs = try additive()
        let t = current
        if case .symbol(.compare(let op)) = t.kind {
            advance()
            let rhs = try additive()
            return Expr(.compare(op, lhs, rhs), join(lhs.span, rhs.span))
        }
        switch t.word {
        case "between":
            advance()
            let lo = try additive()
            try expect(word: "and", "in `between A and B`")
            let hi = try additive()
            return Expr(.between(lhs, lo, hi), join(lhs.span, hi.span))
        case "in":
            advance()
            let items = try parenthesisedList(of: "values")
            return Expr(.inList(lhs, items), spanFrom(lhs.span))
        case "not" where peek().isWord("in"):
            // `X not in (…)` is `not (X in (…))`.
            advance()
            advance()
            let items = try parenthesisedList(of: "values")
            let span = spanFrom(lhs.span)
            return Expr(.not(Expr(.inList(lhs, items), span)), span)
        case "has":
            advance()
            let v = try name("the value to look for")
            return Expr(.has(lhs, v), join(lhs.span, v.span))
        case "is":
            advance()
            if accept(word: "known") { return Expr(.isKnown(lhs, known: true), spanFrom(lhs.span)) }
            if accept(word: "unknown") { return Expr(.isKnown(lhs, known: false), spanFrom(lhs.span)) }
            if current.isWord("not"), peek().isWord("known") {
                advance()
                advance()
                return Expr(.isKnown(lhs, known: false), spanFrom(lhs.span))
            }
            let test = try rankTest()
            let target = try name("a level or band")
            return Expr(.rank(lhs, test, target), join(lhs.span, target.span))
        default:
            return lhs
        }
    }

    /// After `is`: nothing, `at least` or `at most`.
    mutating func rankTest() throws -> RankTest {
        guard accept(word: "at") else { return .exactly }
        if accept(word: "least") { return .atLeast }
        if accept(word: "most") { return .atMost }
        throw fail("expected `least` or `most` after `at`, found \(display(current))")
    }

    mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        var chain = 0
        while true {
            let t = current
            guard case .symbol(.arith(let op)) = t.kind, op == .add || op == .sub else { return lhs }
            // `-3` starting a new line begins the next score item, not a subtraction.
            if op == .sub, t.startsLine, case .number = peek().kind, !peek().spaceBefore { return lhs }
            advance()
            try chained(&chain)
            let rhs = try multiplicative()
            lhs = Expr(.arith(op, lhs, rhs), join(lhs.span, rhs.span))
        }
    }

    mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        var chain = 0
        while case .symbol(.arith(let op)) = current.kind, op == .mul || op == .div {
            try chained(&chain)
            advance()
            let rhs = try unary()
            lhs = Expr(.arith(op, lhs, rhs), join(lhs.span, rhs.span))
        }
        return lhs
    }

    mutating func unary() throws -> Expr {
        if current.isSymbol(.arith(.sub)) {
            let start = advance().span
            let inner = try nested { try $0.unary() }
            if case .number(let n) = inner.kind, let neg = ExactNumber.zero.subtracting(n) {
                return Expr(.number(neg), join(start, inner.span))
            }
            return Expr(.negate(inner), join(start, inner.span))
        }
        return try primary()
    }

    mutating func primary() throws -> Expr {
        let t = current
        if let literal = Self.literal(t.kind) {
            advance()
            return Expr(literal, t.span)
        }
        switch t.kind {
        case .symbol(.leftParen):
            advance()
            let inner = try nested { try $0.expression() }
            try expect(.rightParen, "to close the parenthesis")
            return Expr(inner.kind, spanFrom(t.span))
        case .word(let w):
            return try wordPrimary(w, t)
        default:
            throw fail("expected a condition or value, found \(display(t))")
        }
    }

    /// A token that is a value by itself: a number, text, a date or a date and time, or `yes` or `no`.
    static func literal(_ kind: TokenKind) -> ExprKind? {
        switch kind {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .date(let d): return .date(d)
        case .dateTime(let d): return .dateTime(d)
        case .word("yes"): return .bool(true)
        case .word("no"): return .bool(false)
        default: return nil
        }
    }

    mutating func wordPrimary(_ w: String, _ t: Token) throws -> Expr {
        switch w {
        case "at":
            advance()
            let mode: (Int) -> CountMode
            if accept(word: "least") {
                mode = CountMode.atLeast
            } else if accept(word: "most") {
                mode = CountMode.atMost
            } else {
                throw fail("expected `least` or `most` after `at`, found \(display(current))")
            }
            let n = try wholeNumber("the count")
            try expect(word: "of", "after the count", hint: "write `at least 2 of (a, b, c)`")
            let items = try parenthesisedList(of: "conditions")
            return Expr(.count(mode(n), items), spanFrom(t.span))
        case "all", "any", "none":
            advance()
            try expect(word: "of", "after `\(w)`", hint: "write `\(w) of (a, b, c)`")
            let items = try parenthesisedList(of: "conditions")
            let mode: CountMode = w == "all" ? .all : (w == "any" ? .any : .none)
            return Expr(.count(mode, items), spanFrom(t.span))
        case "days" where peek().isWord("between"), "years" where peek().isWord("between"):
            advance()
            advance()
            let a = try additive()
            try expect(word: "and", "in `\(w) between A and B`")
            let b = try additive()
            return Expr(w == "days" ? .daysBetween(a, b) : .yearsBetween(a, b), join(t.span, b.span))
        case "outcome":
            advance()
            return Expr(.name(w), t.span)
        default:
            if Keywords.reserved.contains(w) {
                throw fail("expected a condition or value, found the reserved word `\(w)`")
            }
            advance()
            if current.isSymbol(.dot), !current.spaceBefore {
                advance()
                let member = try name("a score's `total` or one of its domains")
                return Expr(.member(Name(w, t.span), member), join(t.span, member.span))
            }
            return Expr(.name(w), t.span)
        }
    }

    mutating func parenthesisedList(of what: String) throws -> [Expr] {
        try expect(
            .leftParen, "before the list of \(what)", hint: "write the \(what) in parentheses, separated by commas")
        var items: [Expr] = []
        if accept(.rightParen) { return items }
        repeat {
            items.append(try nested { try $0.expression() })
            if items.count > Parser.maxChain {
                throw fail(
                    "a list may hold at most \(Parser.maxChain) items",
                    hint: "split it into several definitions and combine them")
            }
        } while accept(.comma)
        try expect(.rightParen, "to close the list of \(what)")
        return items
    }

    func join(_ a: SourceSpan, _ b: SourceSpan) -> SourceSpan {
        guard a.start.file == b.start.file, a.start.line == b.start.line, b.start.column >= a.start.column else {
            return a
        }
        return SourceSpan(a.start, length: b.start.column + b.length - a.start.column)
    }
}
