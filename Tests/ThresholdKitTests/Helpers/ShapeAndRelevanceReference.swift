@testable import ThresholdKit

// The explainer's shape and relevance analyses as they were before they worked from `NodeRole`: kept here,
// verbatim but for their names, as the reference `NodeRoleTests` compares the role-based ones with.

/// `ShapeWalker` as it was before roles: one switch over the node kinds per question.
struct ShapeReference {
    let ruleSet: RuleSet
    private var monotoneScores: [Int: Bool] = [:]

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    mutating func flat(_ node: BoolNode, depth: Int) -> Bool {
        switch node {
        case .constant, .fact, .optionIs, .optionIn, .setHas, .setIs, .textIs, .compareTime: return true
        case .compareLevel(_, let a, let b):
            if case .outcome = a { return false }
            if case .outcome = b { return false }
            return true
        case .compareNum(_, let a, let b): return flat(a) && flat(b)
        case .betweenNum(let a, let b, let c): return flat(a) && flat(b) && flat(c)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body
            else { return false }
            return flat(body, depth: depth)
        case .not(let x): return flat(x, depth: depth)
        case .and(let xs), .or(let xs), .count(_, let xs):
            guard depth == 0 else { return false }
            for x in xs where !flat(x, depth: 1) { return false }
            return true
        case .compareBool, .scoreBand, .isKnown, .isKnownNum, .isKnownBool: return false
        }
    }

    /// A number that reads facts only (through arithmetic and definitions): unknown exactly when one of its
    /// facts is.
    mutating func flat(_ node: NumNode) -> Bool {
        switch node {
        case .constant, .fact, .daysBetween, .yearsBetween: return true
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return false
            }
            return flat(body)
        case .arith(_, let a, let b): return flat(a) && flat(b)
        case .negate(let a): return flat(a)
        case .scoreTotal, .domainTotal: return false
        }
    }

    mutating func monotone(_ node: BoolNode) -> Bool {
        switch node {
        case .isKnown, .isKnownNum, .isKnownBool: return false
        case .constant, .fact, .optionIs, .optionIn, .setHas, .setIs, .textIs, .compareTime, .compareLevel: return true
        case .compareNum(_, let a, let b): return monotone(a) && monotone(b)
        case .betweenNum(let a, let b, let c): return monotone(a) && monotone(b) && monotone(c)
        case .compareBool(_, let a, let b): return monotone(a) && monotone(b)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i) else { return false }
            switch ruleSet.definitions[i].body {
            case .condition(let b): return monotone(b)
            case .number(let n): return monotone(n)
            }
        case .not(let x): return monotone(x)
        case .and(let xs), .or(let xs), .count(_, let xs):
            for x in xs where !monotone(x) { return false }
            return true
        case .scoreBand(let s, _, _): return monotoneScore(s)
        }
    }

    mutating func monotone(_ node: NumNode) -> Bool {
        switch node {
        case .constant, .fact, .daysBetween, .yearsBetween: return true
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return false
            }
            return monotone(body)
        case .arith(_, let a, let b): return monotone(a) && monotone(b)
        case .negate(let a): return monotone(a)
        case .scoreTotal(let s), .domainTotal(let s, _): return monotoneScore(s)
        }
    }

    private mutating func monotoneScore(_ s: Int) -> Bool {
        if let m = monotoneScores[s] { return m }
        guard ruleSet.scores.indices.contains(s) else { return false }
        monotoneScores[s] = false  // scores do not read themselves; this only guards the recursion
        var m = true
        for item in ruleSet.scores[s].items where m {
            switch item.kind {
            case .when(_, let c): m = monotone(c)
            case .add(let v, _, _): m = monotone(v)
            }
        }
        for f in ruleSet.scores[s].floors where m { m = monotone(f.condition) }
        monotoneScores[s] = m
        return m
    }
}

/// `Relevance` as it was before roles: one switch over the node kinds.
struct RelevanceReference {
    let ruleSet: RuleSet
    /// An evaluator that has evaluated the facts in question (its tree state answers `condition`).
    let evaluator: Evaluator
    let facts: FactVector
    /// Each score's open facts, computed once per `Relevance` (several rules read the same tool's band).
    private let scoreCache = ReferenceScoreCache()

    init(ruleSet: RuleSet, evaluator: Evaluator, facts: FactVector) {
        self.ruleSet = ruleSet
        self.evaluator = evaluator
        self.facts = facts
    }

    /// The unknown facts whose value could change `node`.
    func open(_ node: BoolNode) -> Set<Int> {
        switch node {
        case .constant: return []
        case .fact(let s): return unknown(s)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body
            else { return [] }
            return open(body)
        case .not(let x): return open(x)
        case .and(let xs): return junction(xs, settledBy: .no)
        case .or(let xs): return junction(xs, settledBy: .yes)
        case .count(let mode, let xs):
            // An item unknown for good (`n / 0 > 1`) stays unknown; the open items matter when the count differs
            // with all of them no and all of them yes (2026-12-06: it was counted as no).
            var settledYes = 0
            var settledUnknown = 0
            var openItems = 0
            var acc = Set<Int>()
            for x in xs {
                let o = open(x)
                if o.isEmpty {
                    let t = evaluator.condition(x)
                    if t == .yes { settledYes += 1 } else if t == .unknown { settledUnknown += 1 }
                } else {
                    openItems += 1
                    acc.formUnion(o)
                }
            }
            let allNo = Evaluator.count(mode, yes: settledYes, unknown: settledUnknown, total: xs.count)
            let allYes = Evaluator.count(mode, yes: settledYes + openItems, unknown: settledUnknown, total: xs.count)
            return openItems > 0 && allNo != allYes ? acc : []
        case .isKnown(let s, _): return unknown(s)
        case .isKnownNum(let n, _): return numeric(n)
        case .isKnownBool(let b, _): return open(b)
        case .compareNum, .betweenNum, .compareTime, .compareBool, .optionIs, .optionIn, .setHas, .setIs, .textIs,
            .compareLevel, .scoreBand:
            // A known value stays settled unless an `is known` test inside can reopen it (2026-12-06), or one in
            // an item of a score it reads, when answering its facts changes it (2026-12-06, later).
            guard evaluator.condition(node) == .unknown else {
                let open = leaf(node)
                if knownTestInside(node) { return open }
                return reopened(node, open) ? open : []
            }
            return leaf(node)
        }
    }

    /// `and` (settled by a settled no) or `or` (settled by a settled yes).
    private func junction(_ xs: [BoolNode], settledBy decisive: Tri) -> Set<Int> {
        var acc = Set<Int>()
        for x in xs {
            let o = open(x)
            if o.isEmpty, evaluator.condition(x) == decisive { return [] }
            acc.formUnion(o)
        }
        return acc
    }

    /// The unknown facts a comparison reads: what it reads itself, and what its sub-nodes leave open.
    private func leaf(_ node: BoolNode) -> Set<Int> {
        var acc = read(node.directRead)
        node.forEachChild { acc.formUnion(child($0)) }
        return acc
    }

    private func child(_ c: NodeChild) -> Set<Int> {
        switch c {
        case .bool(let b): return open(b)
        case .num(let n): return numeric(n)
        case .time(let t): return read(t.directRead)
        case .level(let l): return read(l.directRead)
        }
    }

    /// A fact read directly: open when unknown; a score: its open facts; a definition: what its body leaves open.
    private func read(_ r: DirectRead?) -> Set<Int> {
        switch r {
        case .fact(let slot)?: return unknown(slot)
        case .score(let i)?: return score(i)
        case .definition(let i)?:
            guard ruleSet.definitions.indices.contains(i) else { return [] }
            switch ruleSet.definitions[i].body {
            case .condition(let body): return open(body)
            case .number(let body): return numeric(body)
            }
        case .outcome?, nil: return []
        }
    }

    private func unknown(_ slot: Int) -> Set<Int> {
        facts.indices.contains(slot) && facts[slot] == nil ? [slot] : []
    }

    /// Whether setting one of the facts read by an `is known` test in a score item (and left open in `node`) to
    /// one of its candidate values changes `node`, on an evaluator of its own.
    private func reopened(_ node: BoolNode, _ open: Set<Int>) -> Bool {
        var tested = gather(.bool(node), score: itemKnownTestFacts, knownTest: nil)
        tested.formIntersection(open)
        guard !tested.isEmpty else { return false }
        let now = evaluator.condition(node)
        let probe = Evaluator(ruleSet)
        let scores = probe.evaluate(facts).scores
        let candidates = CandidateValues.forRuleSet(ruleSet)
        for f in tested.sorted() {
            var values = candidates.values(for: f, current: nil, scores: scores)
            if values.isEmpty, let v = CandidateValues.anyValue(ruleSet.facts[f].type) { values = [v] }
            for v in values {
                var changed = facts
                changed[f] = v
                _ = probe.evaluate(changed)
                if probe.condition(node) != now { return true }
            }
        }
        return false
    }

    /// The unknown facts read by the `is known` tests in score `s`'s items (through definitions, and the
    /// scores those items read).
    private func itemKnownTestFacts(_ s: Int) -> Set<Int> {
        var acc = Set<Int>()
        for item in ruleSet.scores[s].items {
            switch item.kind {
            case .when(_, let c): acc.formUnion(gather(.bool(c), score: itemKnownTestFacts, knownTest: leaf))
            case .add(let v, _, _): acc.formUnion(gather(.num(v), score: itemKnownTestFacts, knownTest: leaf))
            }
        }
        return acc
    }

    /// What `score` gives for each score `c` reads and `knownTest` (when given) for each `is known` test in it,
    /// through definitions, kind by kind; the nodes they answer for are not walked further.
    private func gather(
        _ c: NodeChild, score: (Int) -> Set<Int>, knownTest: ((BoolNode) -> Set<Int>)?
    ) -> Set<Int> {
        func body(_ i: Int) -> NodeChild {
            switch ruleSet.definitions[i].body {
            case .condition(let b): return .bool(b)
            case .number(let n): return .num(n)
            }
        }
        var acc = Set<Int>()
        switch c {
        case .bool(let node):
            switch node {
            case .isKnown, .isKnownNum, .isKnownBool: if let knownTest { return knownTest(node) }
            case .scoreBand(let i, _, _): return score(i)
            case .definition(let i): return gather(body(i), score: score, knownTest: knownTest)
            default: break
            }
            node.forEachChild { acc.formUnion(gather($0, score: score, knownTest: knownTest)) }
        case .num(let n):
            switch n {
            case .scoreTotal(let i), .domainTotal(let i, _): return score(i)
            case .definition(let i): return gather(body(i), score: score, knownTest: knownTest)
            default: break
            }
            n.forEachChild { acc.formUnion(gather($0, score: score, knownTest: knownTest)) }
        case .time, .level: break
        }
        return acc
    }

    /// Whether an `is known` test is inside `node`, through definitions, written out kind by kind.
    private func knownTestInside(_ node: BoolNode) -> Bool {
        switch node {
        case .isKnown, .isKnownNum, .isKnownBool: return true
        case .definition(let i):
            guard case .condition(let body) = ruleSet.definitions[i].body else { return false }
            return knownTestInside(body)
        default:
            var found = false
            node.forEachChild { c in
                switch c {
                case .bool(let b): found = found || knownTestInside(b)
                case .num(let n): found = found || knownTestInside(n)
                case .time, .level: break
                }
            }
            return found
        }
    }

    private func knownTestInside(_ n: NumNode) -> Bool {
        if case .definition(let i) = n, case .number(let body) = ruleSet.definitions[i].body {
            return knownTestInside(body)
        }
        if case .definition(let i) = n, case .condition(let body) = ruleSet.definitions[i].body {
            return knownTestInside(body)
        }
        var found = false
        n.forEachChild { c in
            switch c {
            case .bool(let b): found = found || knownTestInside(b)
            case .num(let m): found = found || knownTestInside(m)
            case .time, .level: break
            }
        }
        return found
    }

    private func numeric(_ n: NumNode) -> Set<Int> {
        // A total moves with its items alone, not with its floors (2026-12-06).
        if case .scoreTotal(let i) = n { return items(i, domain: nil) }
        if case .domainTotal(let i, let d) = n { return items(i, domain: d) }
        var acc = read(n.directRead)
        n.forEachChild { acc.formUnion(child($0)) }
        return acc
    }

    /// The unknown facts that could still move score `i`: those of its open items and floors.
    func score(_ i: Int) -> Set<Int> {
        guard ruleSet.scores.indices.contains(i) else { return [] }
        if let known = scoreCache.sets[i] { return known }
        let acc = scoreOpen(i)
        scoreCache.sets[i] = acc
        return acc
    }

    private func scoreOpen(_ i: Int) -> Set<Int> {
        var acc = items(i, domain: nil)
        for f in ruleSet.scores[i].floors { acc.formUnion(open(f.condition)) }
        return acc
    }

    private func items(_ i: Int, domain: Int?) -> Set<Int> {
        guard ruleSet.scores.indices.contains(i) else { return [] }
        var acc = Set<Int>()
        for item in ruleSet.scores[i].items where domain == nil || item.domain == domain {
            switch item.kind {
            case .when(_, .fact(let slot)):
                // The common item, a yes/no question: no set of its own (a tool not filled in has dozens).
                if facts.indices.contains(slot) && facts[slot] == nil { acc.insert(slot) }
            case .when(_, let c): acc.formUnion(open(c))
            case .add(let v, _, _): acc.formUnion(numeric(v))
            }
        }
        return acc
    }
}

/// The reference's own cache of score answers (as `ScoreOpenCache` was, with sets).
final class ReferenceScoreCache {
    var sets: [Int: Set<Int>] = [:]
}
