/// The kinds of token the lexer produces. Keywords arrive as `.word`: the parser decides by position.
enum TokenKind: Equatable, Sendable {
    case word(String)
    case number(ExactNumber)
    case string(String)
    case date(CivilDate)
    case dateTime(CivilDateTime)
    case symbol(Symbol)
    case endOfFile
}

/// Punctuation and operators. The comparison and arithmetic operators are the model's own
/// (`Semantics/Model/Operators.swift`), so each is spelled once.
enum Symbol: Hashable, Sendable {
    case leftParen, rightParen, comma, dot
    case compare(CompareOp)
    case arith(ArithOp)

    /// As written.
    var text: String {
        switch self {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .comma: return ","
        case .dot: return "."
        case .compare(let op): return op.rawValue
        case .arith(let op): return op.rawValue
        }
    }
}

struct Token: Equatable, Sendable {
    var kind: TokenKind
    var span: SourceSpan
    /// True when no other token precedes this one on its line.
    var startsLine: Bool
    /// True when whitespace or a comment separates this token from the one before.
    var spaceBefore: Bool

    func isWord(_ w: String) -> Bool { kind == .word(w) }
    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }

    var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    /// How the token reads in a message.
    var display: String {
        switch kind {
        case .word(let w): return "`\(w)`"
        case .number(let n): return "`\(n)`"
        case .string: return "a string"
        case .date(let d): return "`\(d)`"
        case .dateTime(let d): return "`\(d)`"
        case .symbol(let s): return "`\(s.text)`"
        case .endOfFile: return "the end of the file"
        }
    }
}

/// Reserved words of the language (spec section 1). They cannot name facts, rules, levels and so on.
enum Keywords {
    static let reserved: Set<String> = [
        "ruleset", "version", "source", "include", "fact", "required", "default", "yes", "no", "unknown",
        "one", "some", "of", "number", "count", "text", "date", "datetime", "level", "to", "and", "above",
        "levels", "route", "within", "hours", "days", "working", "holiday", "clock", "starts", "define",
        "rule", "when", "then", "because", "advise", "score", "domain", "bands", "floor", "add", "max", "end",
        "not", "or", "is", "at", "least", "most", "between", "in", "has", "known", "all", "any", "none",
        "scenario", "rules", "given", "expect", "outcome", "fired", "advice", "missing", "due",
    ]
}
