/// Expressions as written: conditions, numbers, comparisons.
struct Expr: Sendable {
    var kind: ExprKind
    var span: SourceSpan
    init(_ kind: ExprKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

indirect enum ExprKind: Sendable {
    case number(ExactNumber)
    case bool(Bool)
    case date(CivilDate)
    case dateTime(CivilDateTime)
    case string(String)
    /// A bare name: a fact, a definition, a score, `outcome`, or an enum value, decided by the checker.
    case name(String)
    /// `score.total` or `score.domain`.
    case member(Name, Name)
    case negate(Expr)
    case arith(ArithOp, Expr, Expr)
    case compare(CompareOp, Expr, Expr)
    case between(Expr, Expr, Expr)
    case inList(Expr, [Expr])
    case has(Expr, Name)
    case isKnown(Expr, known: Bool)
    case rank(Expr, RankTest, Name)
    case not(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case count(CountMode, [Expr])
    case daysBetween(Expr, Expr)
    case yearsBetween(Expr, Expr)
}

/// A value as written in a scenario's `given`, a `default`, `--set` or the REPL.
struct ValueSyntax: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(ExactNumber)
        case bool(Bool)
        case unknown
        case word(String)
        case set([Name])
        case string(String)
        case date(CivilDate)
        case dateTime(CivilDateTime)
    }
    var kind: Kind
    var span: SourceSpan
}
