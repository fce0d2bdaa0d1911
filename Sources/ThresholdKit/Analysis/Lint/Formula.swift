/// The analysis form of a condition: the syntax tree with names resolved, definitions inlined, and every
/// comparison reduced to an `Atom` — one test on one `Variable`. Each node keeps the span it was written at,
/// so a finding can point at the offending sub-expression.

/// Something whose value the facts decide, the same way every time: a fact, a derived number, a score's band,
/// the outcome (advice only), or a condition the analysis does not look inside.
enum Variable: Hashable, Sendable {
    /// A fact slot (any type).
    case fact(Int)
    /// A numeric expression other than a bare fact (a score total, a domain subtotal, arithmetic), by a key
    /// that is the same for the same expression.
    case term(String)
    /// The band of a score (its index).
    case band(Int)
    /// The outcome level (advice only).
    case outcome
    /// A condition treated as an independent yes/no/unknown value, keyed by its shape.
    case opaque(String)
}

/// One test on one variable. Under Kleene logic every test is unknown when its variable is, except `isKnown`.
enum Test: Hashable, Sendable {
    /// A yes/no variable is yes.
    case isTrue
    /// A numeric variable compared with a constant (numbers, dates as minutes, level and band indices).
    case compare(CompareOp, ExactNumber)
    /// A `one of` fact holds one of these value indices.
    case oneOf(Set<Int>)
    /// A `some of` fact holds this value index.
    case has(Int)
    /// A `some of` fact is exactly this set (bit mask).
    case setEquals(UInt64)
    /// A text fact equals this string.
    case textEquals(String)
    /// The variable has a value (never unknown itself).
    case isKnown
}

struct Atom: Hashable, Sendable {
    var variable: Variable
    var test: Test
}

indirect enum FormulaKind: Sendable {
    case constant(Bool)
    case atom(Atom)
    case not(Formula)
    case and([Formula])
    case or([Formula])
    case count(CountMode, [Formula])
}

/// A condition node with the place it was written.
struct Formula: Sendable {
    var kind: FormulaKind
    var span: SourceSpan
    /// For an atom comparing with a literal: where the literal was written.
    var literalSpan: SourceSpan?
    /// True when the written text says the opposite of the node (`x != v` is written for `not (x = v)`).
    var textIsNegation = false

    /// How many nodes it has, counting no further than `limit`.
    func nodes(upTo limit: Int) -> Int {
        var count = 0
        var stack = [self]
        while let f = stack.popLast(), count < limit {
            count += 1
            switch f.kind {
            case .constant, .atom: break
            case .not(let inner): stack.append(inner)
            case .and(let parts), .or(let parts), .count(_, let parts): stack += parts
            }
        }
        return count
    }

    init(_ kind: FormulaKind, _ span: SourceSpan, literal: SourceSpan? = nil) {
        self.kind = kind
        self.span = span
        self.literalSpan = literal
    }

    /// Every atom node in the formula, depth first, in writing order.
    var atomNodes: [Formula] {
        var out: [Formula] = []
        collectAtoms(into: &out)
        return out
    }

    private func collectAtoms(into out: inout [Formula]) {
        switch kind {
        case .constant: break
        case .atom: out.append(self)
        case .not(let x): x.collectAtoms(into: &out)
        case .and(let xs), .or(let xs), .count(_, let xs): for x in xs { x.collectAtoms(into: &out) }
        }
    }

    /// A canonical text of the formula's meaning (operands of `and`/`or` sorted, duplicates dropped), used to
    /// find conditions that are the same however they are written or split into definitions.
    var canonicalKey: String {
        switch kind {
        case .constant(let b): return b ? "yes" : "no"
        case .atom(let a): return a.key
        case .not(let x): return "not(\(x.canonicalKey))"
        case .and(let xs): return "and(" + Set(xs.map(\.canonicalKey)).sorted().joined(separator: ",") + ")"
        case .or(let xs): return "or(" + Set(xs.map(\.canonicalKey)).sorted().joined(separator: ",") + ")"
        case .count(let mode, let xs): return "count(\(mode),\(xs.map(\.canonicalKey).sorted().joined(separator: ",")))"
        }
    }
}

extension Atom {
    /// A canonical text for the atom (see `Formula.canonicalKey`).
    var key: String {
        let v: String
        switch variable {
        case .fact(let s): v = "f\(s)"
        case .term(let k): v = "t[\(k)]"
        case .band(let s): v = "b\(s)"
        case .outcome: v = "outcome"
        case .opaque(let k): v = "o[\(k)]"
        }
        switch test {
        case .isTrue: return v
        case .compare(let op, let c): return "\(v)\(op.rawValue)\(c)"
        case .oneOf(let s): return "\(v)in\(s.sorted())"
        case .has(let i): return "\(v)has\(i)"
        case .setEquals(let m): return "\(v)=set\(m)"
        case .textEquals(let s): return "\(v)=\"\(s)\""
        case .isKnown: return "\(v)known"
        }
    }
}
