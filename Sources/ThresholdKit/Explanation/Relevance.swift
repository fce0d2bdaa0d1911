/// Which unknown facts could still change a condition, given the facts that are known: the facts left in the
/// condition once every settled part is simplified away. In `(a and b) or c` with `a = no`, only `c` matters;
/// in `at least 2 of (a, b, c)` with all three unknown, all three do. A part is settled when its value is
/// yes or no and no unknown fact can change it (Kleene logic is monotone, except for `is known` tests, whose
/// unknown facts always matter).
struct Relevance {
    let ruleSet: RuleSet
    /// An evaluator that has evaluated the facts in question (its tree state answers `condition`).
    let evaluator: Evaluator
    let facts: FactVector
    /// Each score's open facts, computed once per `Relevance` (several rules read the same tool's band).
    private let scoreCache: ScoreOpenCache
    /// Each score total's open facts (its items'), kept the same way.
    private let totalCache: ScoreOpenCache
    /// What was found for earlier evaluations (`threshold batch`), when kept.
    let memo: ExplanationMemo?
    /// Whether an `is known` test is in some score's item (`ConditionShapes.itemKnownTests`).
    private let itemKnownTests: Bool

    /// `itemKnownTests`: `ConditionShapes.itemKnownTests`, when the caller has the shapes at hand (else looked up).
    init(
        ruleSet: RuleSet, evaluator: Evaluator, facts: FactVector, memo: ExplanationMemo? = nil,
        itemKnownTests: Bool? = nil
    ) {
        self.ruleSet = ruleSet
        self.evaluator = evaluator
        self.facts = facts
        self.memo = memo
        self.itemKnownTests = itemKnownTests ?? ConditionShapes.forRuleSet(ruleSet).itemKnownTests
        // With a memo (a batch worker's), its two caches, emptied, rather than two made per line.
        (scoreCache, totalCache) = memo?.openCaches() ?? (ScoreOpenCache(), ScoreOpenCache())
    }

    /// The unknown facts whose value could change `node` (from its `role`, `directRead` and `forEachChild`).
    func open(_ node: BoolNode) -> FactSet {
        switch node.role {
        case .constant: return FactSet()
        case .value:
            let r = node.directRead
            if case .fact(let slot)? = r { return unknown(slot) }
            // A definition is inlined.
            guard case .definition(let i)? = r else { return read(r) }
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body
            else { return FactSet() }
            return open(body)
        case .junction(.not): return leaf(node)
        case .junction(.and): return junction(node, settledBy: .no)
        case .junction(.or): return junction(node, settledBy: .yes)
        case .junction(.count(let mode)):
            // Settled items are yes, no, or unknown for good (`n / 0 > 1` with `n` known): no answer changes
            // them. The open items matter when the count differs with all of them no and all of them yes
            // (counting is monotone in each item).
            var settledYes = 0
            var settledUnknown = 0
            var openItems = 0
            var total = 0
            var acc = FactSet()
            node.forEachChild { c in
                total += 1
                let o = child(c)
                if o.isEmpty {
                    if case .bool(let x) = c {
                        switch evaluator.condition(x) {
                        case .yes: settledYes += 1
                        case .unknown: settledUnknown += 1
                        case .no: break
                        }
                    }
                } else {
                    openItems += 1
                    acc.formUnion(o)
                }
            }
            guard openItems > 0 else { return FactSet() }
            let allNo = Evaluator.count(mode, yes: settledYes, unknown: settledUnknown, total: total)
            let allYes = Evaluator.count(mode, yes: settledYes + openItems, unknown: settledUnknown, total: total)
            return allNo != allYes ? acc : FactSet()
        case .knownTest: return leaf(node)
        case .test:
            guard evaluator.condition(node) == .unknown else {
                // Settled, unless an `is known` test inside can reopen it (`d != yes` with
                // `define d = any of (a, b is not known)` and `b` unknown: answering `b` leaves `d` to `a`).
                let open = leaf(node)
                guard !open.isEmpty else { return FactSet() }
                var shapes = ShapeWalker(ruleSet: ruleSet)
                if shapes.knownTestInside(.bool(node)) { return open }
                // Or one in an item of a score it reads (`s.total < 1` with `1 when c is not known`), when
                // answering that test's facts can move the total or band far enough to change it.
                return itemKnownTests && reopened(node, open) ? open : FactSet()
            }
            return leaf(node)
        }
    }

    /// Whether answering a fact that an `is known` test in an item of a score `node` reads (one of `open`)
    /// changes `node`, which is yes or no: each such fact alone, over its candidate values (`CandidateValues`, or
    /// any value when no rule compares it), scored on an evaluator of the pool (rule sets with such an item
    /// only; none is shipped).
    private func reopened(_ node: BoolNode, _ open: FactSet) -> Bool {
        var tested = FactSet()
        itemKnownTestFacts(.bool(node), inItem: false, into: &tested)
        tested.formIntersection(open)
        guard !tested.isEmpty else { return false }
        let now = evaluator.condition(node)
        let candidates = CandidateValues.forRuleSet(ruleSet)
        let base = facts
        return EvaluatorPool.shared.with(ruleSet) { probe in
            let scores = probe.evaluate(base).scores
            for f in tested where f < base.count && f < ruleSet.facts.count {
                var values = candidates.values(for: f, current: nil, scores: scores)
                // Compared with nothing (tested for being known only): any value answers it.
                if values.isEmpty, let v = CandidateValues.anyValue(ruleSet.facts[f].type) { values = [v] }
                for v in values {
                    var changed = base
                    changed[f] = v
                    _ = probe.evaluate(changed)
                    if probe.condition(node) != now { return true }
                }
            }
            return false
        }
    }

    /// The unknown facts read by the `is known` tests in the items of the scores `c` reads (through
    /// definitions, and the scores those items read).
    private func itemKnownTestFacts(_ c: NodeChild, inItem: Bool, into acc: inout FactSet) {
        func through(_ r: DirectRead?) {
            switch r {
            case .definition(let i)?:
                guard ruleSet.definitions.indices.contains(i) else { return }
                switch ruleSet.definitions[i].body {
                case .condition(let body): itemKnownTestFacts(.bool(body), inItem: inItem, into: &acc)
                case .number(let body): itemKnownTestFacts(.num(body), inItem: inItem, into: &acc)
                }
            case .score(let s)?:
                guard ruleSet.scores.indices.contains(s) else { return }
                for item in ruleSet.scores[s].items {
                    switch item.kind {
                    case .when(_, let c): itemKnownTestFacts(.bool(c), inItem: true, into: &acc)
                    case .add(let v, _, _): itemKnownTestFacts(.num(v), inItem: true, into: &acc)
                    }
                }
            case .fact?, .outcome?, nil: return
            }
        }
        switch c {
        case .bool(let b):
            if inItem && b.role == .knownTest {
                acc.formUnion(leaf(b))
                return
            }
            through(b.directRead)
            b.forEachChild { itemKnownTestFacts($0, inItem: inItem, into: &acc) }
        case .num(let n):
            through(n.directRead)
            n.forEachChild { itemKnownTestFacts($0, inItem: inItem, into: &acc) }
        case .time(let t): through(t.directRead)
        case .level(let l): through(l.directRead)
        }
    }

    /// `open` of rule `i`'s condition (through the memo, when kept).
    func openRule(_ i: Int) -> FactSet {
        guard let memo else { return open(ruleSet.rules[i].condition) }
        return memo.rule(i, facts, evaluator.outcome) { open(ruleSet.rules[i].condition) }
    }

    /// `open` of cap `c`'s `when` (through the memo, when kept).
    func openCap(_ c: Int) -> FactSet {
        guard let memo else { return open(ruleSet.caps[c].when) }
        return memo.cap(c, facts, evaluator.outcome) { open(ruleSet.caps[c].when) }
    }

    /// `and` (settled by a settled no) or `or` (settled by a settled yes).
    private func junction(_ node: BoolNode, settledBy decisive: Tri) -> FactSet {
        var acc = FactSet()
        var settled = false
        node.forEachChild { c in
            guard !settled else { return }
            let o = child(c)
            if o.isEmpty, case .bool(let x) = c, evaluator.condition(x) == decisive {
                settled = true
                return
            }
            acc.formUnion(o)
        }
        return settled ? FactSet() : acc
    }

    /// The unknown facts a test reads: what it reads itself, and what its sub-nodes leave open.
    private func leaf(_ node: BoolNode) -> FactSet {
        var acc = read(node.directRead)
        node.forEachChild { acc.formUnion(child($0)) }
        return acc
    }

    private func child(_ c: NodeChild) -> FactSet {
        switch c {
        case .bool(let b): return open(b)
        case .num(let n): return numeric(n)
        case .time(let t): return read(t.directRead)
        case .level(let l): return read(l.directRead)
        }
    }

    /// A fact read directly: open when unknown; a score: its open facts; a definition: what its body leaves open.
    private func read(_ r: DirectRead?) -> FactSet {
        switch r {
        case .fact(let slot)?: return unknown(slot)
        case .score(let i)?: return score(i)
        case .outcome?: return FactSet()
        case .definition(let i)?:
            guard ruleSet.definitions.indices.contains(i) else { return FactSet() }
            switch ruleSet.definitions[i].body {
            case .condition(let body): return open(body)
            case .number(let body): return numeric(body)
            }
        case nil: return FactSet()
        }
    }

    private func unknown(_ slot: Int) -> FactSet {
        facts.indices.contains(slot) && facts[slot] == nil ? FactSet(slot) : FactSet()
    }

    /// The unknown facts that could change a number.
    func numericOpen(_ n: NumNode) -> FactSet { numeric(n) }

    private func numeric(_ n: NumNode) -> FactSet {
        // A total moves with its items alone: a floor moves the band, not the total.
        switch n {
        case .scoreTotal(let i):
            if let known = totalCache.set(i) { return known }
            let acc = itemsOpen(i, domain: nil)
            totalCache.keep(acc, for: i)
            return acc
        case .domainTotal(let i, let d): return itemsOpen(i, domain: d)
        default: break
        }
        var acc = read(n.directRead)
        n.forEachChild { acc.formUnion(child($0)) }
        return acc
    }

    /// The unknown facts that could still move score `i`: those of its open items and floors.
    func score(_ i: Int) -> FactSet {
        guard ruleSet.scores.indices.contains(i) else { return FactSet() }
        if let known = scoreCache.set(i) { return known }
        let acc = memo.map { $0.score(i, facts, evaluator.outcome) { scoreOpen(i) } } ?? scoreOpen(i)
        scoreCache.keep(acc, for: i)
        return acc
    }

    private func scoreOpen(_ i: Int) -> FactSet {
        var acc = itemsOpen(i, domain: nil)
        for f in ruleSet.scores[i].floors { acc.formUnion(open(f.condition)) }
        return acc
    }

    /// The unknown facts that could still move score `i`'s total (or, with `domain`, that domain's subtotal):
    /// those of its open items.
    private func itemsOpen(_ i: Int, domain: Int?) -> FactSet {
        guard ruleSet.scores.indices.contains(i) else { return FactSet() }
        var acc = FactSet()
        for item in ruleSet.scores[i].items where domain == nil || item.domain == domain {
            switch item.kind {
            case .when(_, let c):
                if c.role == .value, case .fact(let slot)? = c.directRead {
                    // The common item, a yes/no question: no set of its own (a tool not filled in has dozens).
                    if facts.indices.contains(slot) && facts[slot] == nil { acc.insert(slot) }
                } else {
                    acc.formUnion(open(c))
                }
            case .add(let v, _, _): acc.formUnion(numeric(v))
            }
        }
        return acc
    }
}

/// `Relevance.score`'s answers, kept for the life of one `Relevance` (its facts do not change).
final class ScoreOpenCache {
    private var sets: [FactSet?] = []

    /// Forgets every set, keeping the room.
    func clear() {
        for k in sets.indices { sets[k] = nil }
    }

    func set(_ i: Int) -> FactSet? { i < sets.count ? sets[i] : nil }

    func keep(_ s: FactSet, for i: Int) {
        if i >= sets.count { sets += repeatElement(nil, count: i - sets.count + 1) }
        sets[i] = s
    }
}
