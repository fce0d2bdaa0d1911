/// Helpers for building analysis formulas: structural keys, operator algebra, score ranges.

extension FormulaBuilder {
    /// A structural key for a node: the same text for the same node, wherever it is written (the derived
    /// description of the node's cases and values, so a new node kind needs nothing here).
    static func key(_ node: BoolNode) -> String { String(describing: node) }
    static func key(_ node: NumNode) -> String { String(describing: node) }
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
