/// `unreachable-band`: a band of a score that no achievable total falls in and no floor raises to. Totals are
/// the sums the items can make (every subset of `N when …` weights plus each `add` item's whole values, when
/// that set is small), else the range from the lowest to the highest possible total. Reported at the band.
struct UnreachableBandCheck: LintCheck {
    /// Above this many distinct totals, reason with the range only.
    static let maxTotals = 4096

    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for score in context.ruleSet.scores {
            let floored = Set(score.floors.map(\.band))
            let totals = Self.totals(score, context.ruleSet)
            for (b, band) in score.bands.enumerated() where !floored.contains(b) {
                let next = b + 1 < score.bands.count ? score.bands[b + 1].low : nil
                if reachable(band.low, below: next, totals, score) { continue }
                let extent = band.high.map { "\(band.low) to \($0)" } ?? "\(band.low) and above"
                out.append(
                    .warning(
                        .unreachableBand,
                        "band `\(band.name)` (\(extent)) of score `\(score.name)` can never be reached: \(why(totals, score))",
                        at: band.span,
                        hint:
                            "change the band's range or the items' weights so some total falls in it, or remove the band"
                    ))
            }
        }
        return out
    }

    /// Whether some achievable total lies in `[low, next)`.
    func reachable(_ low: ExactNumber, below next: ExactNumber?, _ totals: Set<ExactNumber>?, _ score: RuleSet.Score)
        -> Bool
    {
        if let totals { return totals.contains { t in t >= low && next.map { t < $0 } ?? true } }
        if let hi = score.possibleMax, hi < low { return false }
        if let lo = score.possibleMin, let n = next, lo >= n { return false }
        return true
    }

    func why(_ totals: Set<ExactNumber>?, _ score: RuleSet.Score) -> String {
        if let totals, let lo = totals.min(), let hi = totals.max() {
            let listed =
                totals.count <= 12
                ? totals.sorted().map { "\($0)" }.joined(separator: ", ") : "\(lo) to \(hi), not every value between"
            return "the items can only total \(listed)"
        }
        return
            "the items total \(score.possibleMin.map { "\($0)" } ?? "any amount") to \(score.possibleMax.map { "\($0)" } ?? "any amount")"
    }

    /// Every total the items can make (ignoring how their conditions relate), or nil when that set is large
    /// or unbounded.
    static func totals(_ score: RuleSet.Score, _ ruleSet: RuleSet) -> Set<ExactNumber>? {
        var sums: Set<ExactNumber> = [.zero]
        for item in score.items {
            let values: [ExactNumber]
            switch item.kind {
            case .when(let w, _): values = [.zero, w]
            case .add(_, let cap, let bounds):
                guard let lo = bounds.min, let hi = bounds.max.map({ m in cap.map { Swift.min(m, $0) } ?? m }) ?? cap,
                    let l = lo.intValue, let h = hi.intValue, h >= l, h - l <= 256, wholeValued(item, ruleSet)
                else { return nil }
                // An unknown value adds nothing to the known total, so 0 is possible too.
                values = [.zero] + (l...h).map { ExactNumber($0) }
            }
            var next = Set<ExactNumber>()
            for s in sums { for v in values { if let t = s.adding(v) { next.insert(t) } } }
            if next.count > maxTotals { return nil }
            sums = next
        }
        return sums
    }

    /// Whether an `add` item only adds whole numbers (a count fact, possibly capped by a whole number).
    private static func wholeValued(_ item: RuleSet.ScoreItem, _ ruleSet: RuleSet) -> Bool {
        guard case .add(let value, let cap, let bounds) = item.kind else { return true }
        guard cap?.isWhole ?? true, bounds.min?.isWhole ?? false else { return false }
        switch value {
        case .constant(let c): return c.isWhole
        case .fact(let slot):
            guard ruleSet.facts.indices.contains(slot), case .count = ruleSet.facts[slot].type else { return false }
            return true
        default: return false
        }
    }
}
