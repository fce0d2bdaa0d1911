/// Helpers for building analysis formulas: structural keys, operator algebra, score ranges.

extension FormulaBuilder {
    /// A structural key for an expression: the same text for the same expression, wherever it is written.
    static func key(_ e: Expr) -> String {
        switch e.kind {
        case .number(let n): return "\(n)"
        case .bool(let b): return b ? "yes" : "no"
        case .date(let d): return d.description
        case .dateTime(let d): return d.description
        case .string(let s): return "\"\(s)\""
        case .name(let w): return w
        case .member(let s, let m): return "\(s.text).\(m.text)"
        case .negate(let x): return "(-\(key(x)))"
        case .arith(let op, let a, let b): return "(\(key(a))\(op.rawValue)\(key(b)))"
        case .compare(let op, let a, let b): return "(\(key(a))\(op.rawValue)\(key(b)))"
        case .between(let x, let a, let b): return "(\(key(x)) between \(key(a)),\(key(b)))"
        case .inList(let x, let items): return "(\(key(x)) in \(items.map(key).joined(separator: ",")))"
        case .has(let x, let v): return "(\(key(x)) has \(v.text))"
        case .isKnown(let x, let known): return "(\(key(x)) is \(known ? "known" : "unknown"))"
        case .rank(let x, let t, let n): return "(\(key(x)) \(t.rawValue) \(n.text))"
        case .not(let x): return "(not \(key(x)))"
        case .and(let a, let b): return "(\(key(a)) and \(key(b)))"
        case .or(let a, let b): return "(\(key(a)) or \(key(b)))"
        case .count(let mode, let items): return "(\(mode) of \(items.map(key).joined(separator: ",")))"
        case .daysBetween(let a, let b): return "(days \(key(a)),\(key(b)))"
        case .yearsBetween(let a, let b): return "(years \(key(a)),\(key(b)))"
        }
    }
}

extension Formula {
    /// The same formula, located at another span (where a definition is used).
    func at(_ span: SourceSpan) -> Formula {
        var copy = self
        copy.span = span
        return copy
    }
}

extension CompareOp {
    /// The operator with its operands swapped: `3 < x` is `x > 3`.
    var flipped: CompareOp {
        switch self {
        case .eq, .ne: return self
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        }
    }

    /// The operator that holds exactly when this one does not (for known values).
    var inverse: CompareOp {
        switch self {
        case .eq: return .ne
        case .ne: return .eq
        case .lt: return .ge
        case .le: return .gt
        case .gt: return .le
        case .ge: return .lt
        }
    }

    func holds(_ a: ExactNumber, _ b: ExactNumber) -> Bool {
        switch self {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        }
    }
}

/// The smallest and largest totals score items can make (nil where unbounded).
enum ScoreRange {
    static func possible(_ items: [RuleSet.ScoreItem]) -> (lo: ExactNumber?, hi: ExactNumber?) {
        var lo: ExactNumber? = .zero
        var hi: ExactNumber? = .zero
        for item in items {
            let (a, b) = bounds(item)
            lo = lo.flatMap { x in a.flatMap { x.adding($0) } }
            hi = hi.flatMap { x in b.flatMap { x.adding($0) } }
        }
        return (lo, hi)
    }

    /// The least and most one item can add.
    static func bounds(_ item: RuleSet.ScoreItem) -> (ExactNumber?, ExactNumber?) {
        switch item.kind {
        case .when(let w, _): return w < .zero ? (w, .zero) : (.zero, w)
        case .add(_, let m, let bounds):
            var vmin = bounds.min
            var vmax = bounds.max
            if let m {
                vmax = vmax.map { Swift.min($0, m) } ?? m
                vmin = vmin.map { Swift.min($0, m) }
            }
            return (vmin, vmax)
        }
    }
}
