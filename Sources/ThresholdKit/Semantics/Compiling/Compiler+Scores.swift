/// Scores: items, domains, bands (checked for order, overlaps and gaps in the achievable range) and floors.
extension Compiler {
    func scoreIndex(_ use: Name) -> Int? {
        guard let decl = scoreDecls[use.text] else { return nil }
        return onDemand(use, state: \.scoreState) {
            let (compiled, got) = collectingReads { compileScore(decl) }
            var s = compiled.score
            s.factsRead = got.facts.sorted()
            scores.append(s)
            sites.scoreItems.append(compiled.items)
            sites.floors.append(compiled.floors)
            steps.append(.score(scores.count - 1))
            return scores.count - 1
        }
    }

    /// A score, and the sites of its items' and floors' nodes.
    func compileScore(_ decl: ScoreDecl) -> (score: RuleSet.Score, items: [NodeSite], floors: [NodeSite]) {
        let ctx = Context(allowOutcome: false)
        var items: [RuleSet.ScoreItem] = []
        var itemSites: [NodeSite] = []
        var floorSites: [NodeSite] = []
        var domains: [RuleSet.Domain] = []
        var domainNames: [String: SourceSpan] = [:]
        func add(_ syntax: ScoreItemSyntax, domain: Int?) {
            let (kind, got) = collectingReads { () -> (RuleSet.ItemKind, SourceSpan, NodeSite) in
                switch syntax {
                case .when(let w, let wSpan, let cond, _):
                    let c = condition(cond, ctx)
                    return (.when(weight: w, condition: c.node), wSpan, c.site)
                case .add(let value, let maxValue, _):
                    let n = number(value, ctx)
                    return (.add(value: n.node, max: maxValue, bounds: bounds(n.node)), value.span, n.site)
                }
            }
            itemSites.append(kind.2)
            reads.facts.formUnion(got.facts)
            reads.scores.formUnion(got.scores)
            let label: String?
            switch syntax {
            case .when(_, _, _, let l), .add(_, _, let l): label = l
            }
            items.append(
                RuleSet.ScoreItem(
                    kind: kind.0, label: label, domain: domain, factsRead: got.facts.sorted(), span: kind.1))
        }
        for item in decl.items { add(item, domain: nil) }
        for d in decl.domains {
            guard declare(d.name, in: &domainNames, what: "domain") else { continue }
            if d.name.text == "total" {
                error(
                    .reservedDomain, "a domain cannot be called `total`: `\(decl.name.text).total` is the whole score",
                    at: d.name.span)
            }
            let di = domains.count
            domains.append(RuleSet.Domain(name: d.name.text, label: d.label))
            for item in d.items { add(item, domain: di) }
        }
        var score = RuleSet.Score(
            name: decl.name.text, label: decl.label, source: decl.source, span: decl.name.span,
            items: items, domains: domains, bands: [], floors: [], possibleMin: nil, possibleMax: nil,
            factsRead: [])
        score.questions = Array(Set(items.flatMap(\.factsRead))).sorted()
        (score.possibleMin, score.possibleMax) = ScoreRange.possible(items)
        // Every item is bounded, yet the bounds do not add up to a number the language holds: a total past the
        // largest is held there when the referral is scored, not made unknown.
        let bounded = items.allSatisfy { item in
            let (lo, hi) = ScoreRange.bounds(item)
            return lo != nil && hi != nil
        }
        if bounded && (score.possibleMin == nil || score.possibleMax == nil) {
            warning(
                .scoreOverflow,
                "score `\(decl.name.text)` can total more than the largest number the language holds "
                    + "(\(ExactNumber.max) either way): such a total is held at it",
                at: decl.name.span, hint: "use smaller weights: no threshold needs totals this large")
        }
        score.bands = checkBands(decl, score)
        for f in decl.floors {
            guard let b = score.bands.firstIndex(where: { $0.name == f.band.text }) else {
                error(
                    .undeclaredBand, "score `\(decl.name.text)` has no band `\(f.band.text)`", at: f.band.span,
                    hint: suggestion(f.band.text, score.bands.map(\.name))
                        ?? "its bands are: \(score.bands.map(\.name).joined(separator: ", "))")
                continue
            }
            let (cond, got) = collectingReads { condition(f.condition, ctx) }
            reads.facts.formUnion(got.facts)
            reads.scores.formUnion(got.scores)
            score.floors.append(
                RuleSet.Floor(
                    band: b, condition: cond.node, reason: f.reason, span: f.span, factsRead: got.facts.sorted()))
            floorSites.append(cond.site)
        }
        return (score, itemSites, floorSites)
    }

    /// Whether every total the items can make is a whole number.
    func wholeTotals(_ items: [RuleSet.ScoreItem]) -> Bool {
        items.allSatisfy { item in
            switch item.kind {
            case .when(let w, _): return w.isWhole
            case .add(let v, let m, _): return isWhole(v) && (m?.isWhole ?? true)
            }
        }
    }

    func isWhole(_ n: NumNode) -> Bool {
        switch n {
        case .constant(let c): return c.isWhole
        case .fact(let slot):
            if case .count = facts[slot].type { return true }
            return false
        case .daysBetween, .yearsBetween: return true
        case .arith(let op, let a, let b): return op != .div && isWhole(a) && isWhole(b)
        case .negate(let a): return isWhole(a)
        case .scoreTotal(let i): return wholeTotals(scores[i].items)
        case .domainTotal(let i, let d): return wholeTotals(scores[i].items.filter { $0.domain == d })
        case .definition(let i):
            if case .number(let body) = definitions[i].body { return isWhole(body) }
            return false
        }
    }

    func checkBands(_ decl: ScoreDecl, _ score: RuleSet.Score) -> [RuleSet.Band] {
        var bands: [RuleSet.Band] = []
        var names: [String: SourceSpan] = [:]
        if decl.bands.isEmpty {
            error(
                .noBands, "score `\(decl.name.text)` has no `bands` block", at: decl.name.span,
                hint: "add `bands … end` mapping totals to bands, lowest first")
            return []
        }
        for b in decl.bands where declare(b.name, in: &names, what: "band") {
            if let high = b.high, high < b.low {
                error(
                    .badBand, "band `\(b.name.text)` runs from \(b.low) down to \(high)", at: b.span,
                    hint: "write its range low to high")
            }
            bands.append(
                RuleSet.Band(name: b.name.text, label: b.label ?? b.name.text, low: b.low, high: b.high, span: b.span))
        }
        let whole = wholeTotals(score.items)
        let step = whole ? ExactNumber.one : ExactNumber(units: 1)
        for (i, b) in bands.enumerated() {
            guard i + 1 < bands.count else { break }
            let next = bands[i + 1]
            guard let high = b.high else {
                error(
                    .badBand, "band `\(b.name)` is open (`and above`) but is not the last band", at: b.span,
                    hint: "only the highest band can be `and above`")
                continue
            }
            if next.low <= high {
                let message =
                    next.low < b.low
                    ? "bands must be listed from lowest to highest total; `\(next.name)` starts below `\(b.name)`"
                    : "bands `\(b.name)` (\(b.low) to \(high)) and `\(next.name)` (from \(next.low)) overlap"
                error(
                    .overlappingBands, message, at: next.span, hint: "each total belongs to exactly one band",
                    notes: [DiagnosticNote("`\(b.name)` is declared here", at: b.span)])
            } else if let expected = high.adding(step), next.low > expected,
                canTotal(from: expected, below: next.low, score)
            {
                error(
                    .bandGap, "no band covers totals between \(high) and \(next.low) in score `\(decl.name.text)`",
                    at: next.span,
                    hint: whole
                        ? "start `\(next.name)` at \(expected)"
                        : "totals can be fractional here; start `\(next.name)` at \(high)… or make the items whole numbers",
                    notes: [DiagnosticNote("`\(b.name)` ends at \(high)", at: b.span)])
            }
        }
        if let first = bands.first, score.possibleMin.map({ $0 < first.low }) ?? true {
            error(
                .bandGap,
                "score `\(decl.name.text)` can total \(score.possibleMin.map { "\($0)" } ?? "any amount") but its lowest band starts at \(first.low)",
                at: first.span,
                hint: "start the lowest band at \(score.possibleMin.map { "\($0)" } ?? "the lowest possible total")")
        }
        if let last = bands.last, let high = last.high, score.possibleMax.map({ $0 > high }) ?? true {
            error(
                .bandGap,
                "score `\(decl.name.text)` can total \(score.possibleMax.map { "up to \($0)" } ?? "without limit") but its highest band ends at \(high)",
                at: last.span, hint: "end the highest band with `\(last.low) and above`")
        }
        return bands
    }

    /// The number a range holds alone (a constant, or a fact whose range is one number), if it does.
    static func constant(_ b: (min: ExactNumber?, max: ExactNumber?)) -> ExactNumber? {
        guard let lo = b.min, let hi = b.max, lo == hi else { return nil }
        return lo
    }

    /// A range's sides each mapped by a monotone `f` (nil where a side is unbounded or `f` overflows), swapped
    /// when `f` reverses the order (a negative factor).
    static func scaled(
        _ b: (min: ExactNumber?, max: ExactNumber?), flipped: Bool, _ f: (ExactNumber) -> ExactNumber?
    ) -> (min: ExactNumber?, max: ExactNumber?) {
        let lo = b.min.flatMap(f)
        let hi = b.max.flatMap(f)
        return flipped ? (hi, lo) : (lo, hi)
    }

    /// Whether the score's possible range meets `a ..< b` (the totals a gap between two bands leaves out).
    func canTotal(from a: ExactNumber, below b: ExactNumber, _ score: RuleSet.Score) -> Bool {
        if let lo = score.possibleMin, b <= lo { return false }
        if let hi = score.possibleMax, a > hi { return false }
        return true
    }

    /// The smallest and largest values a numeric expression can take, from the facts' declared ranges.
    func bounds(_ n: NumNode) -> (min: ExactNumber?, max: ExactNumber?) {
        switch n {
        case .constant(let c): return (c, c)
        case .fact(let slot): return facts[slot].type.numericBounds ?? (nil, nil)
        case .definition(let i):
            if case .number(let body) = definitions[i].body { return bounds(body) }
            return (nil, nil)
        case .scoreTotal(let i): return (scores[i].possibleMin, scores[i].possibleMax)
        case .domainTotal(let i, let d):
            let range = ScoreRange.possible(scores[i].items.filter { $0.domain == d })
            return (range.lo, range.hi)
        case .negate(let a):
            let b = bounds(a)
            return (
                b.max.flatMap { ExactNumber.zero.subtracting($0) }, b.min.flatMap { ExactNumber.zero.subtracting($0) }
            )
        case .arith(let op, let a, let b):
            let x = bounds(a)
            let y = bounds(b)
            switch op {
            case .add:
                return (
                    x.min.flatMap { p in y.min.flatMap { p.adding($0) } },
                    x.max.flatMap { p in y.max.flatMap { p.adding($0) } }
                )
            case .sub:
                return (
                    x.min.flatMap { p in y.max.flatMap { p.subtracting($0) } },
                    x.max.flatMap { p in y.min.flatMap { p.subtracting($0) } }
                )
            case .mul:
                guard let a0 = x.min, let a1 = x.max, let b0 = y.min, let b1 = y.max else {
                    // A range open on one side, times a number: each side scaled (`add count * 2 max 10`).
                    if let k = Self.constant(y) { return Self.scaled(x, flipped: k < .zero) { $0.multiplied(by: k) } }
                    if let k = Self.constant(x) { return Self.scaled(y, flipped: k < .zero) { $0.multiplied(by: k) } }
                    return (nil, nil)
                }
                let corners = [
                    a0.multiplied(by: b0), a0.multiplied(by: b1), a1.multiplied(by: b0), a1.multiplied(by: b1),
                ]
                let known = corners.compactMap { $0 }
                guard known.count == 4 else { return (nil, nil) }
                return (known.min(), known.max())
            case .div:
                // By a number other than 0: each side divided (`add weeks / 2`); by anything else, unbounded.
                guard let k = Self.constant(y), k != .zero else { return (nil, nil) }
                return Self.scaled(x, flipped: k < .zero) { $0.divided(by: k) }
            }
        case .daysBetween, .yearsBetween: return (nil, nil)
        }
    }
}
