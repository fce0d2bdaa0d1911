/// The smallest and largest totals score items can make (nil where unbounded): for the compiler (a score's
/// possible range, a domain's total) and the linter's formulas alike.
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

    /// The least and most one item can add. An `add` whose value is unknown adds nothing to the total, so
    /// its item can add 0 whatever its value's range (`add age + 0.5` can add 0).
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
            return (vmin.map { Swift.min($0, .zero) }, vmax.map { Swift.max($0, .zero) })
        }
    }
}
