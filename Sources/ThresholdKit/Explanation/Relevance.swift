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
    private let scoreCache = ScoreOpenCache()

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
            var settledYes = 0
            var openItems = 0
            var acc = Set<Int>()
            for x in xs {
                let o = open(x)
                if o.isEmpty {
                    if evaluator.condition(x) == .yes { settledYes += 1 }
                } else {
                    openItems += 1
                    acc.formUnion(o)
                }
            }
            return Evaluator.count(mode, yes: settledYes, unknown: openItems, total: xs.count) == .unknown ? acc : []
        case .isKnown(let s, _): return unknown(s)
        case .isKnownNum(let n, _): return numeric(n)
        case .isKnownBool(let b, _): return open(b)
        case .compareNum, .betweenNum, .compareTime, .compareBool, .optionIs, .optionIn, .setHas, .setIs, .textIs,
            .compareLevel, .scoreBand:
            guard evaluator.condition(node) == .unknown else { return [] }
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
        case nil: return []
        }
    }

    private func unknown(_ slot: Int) -> Set<Int> {
        facts.indices.contains(slot) && facts[slot] == nil ? [slot] : []
    }

    private func numeric(_ n: NumNode) -> Set<Int> {
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
        let s = ruleSet.scores[i]
        var acc = Set<Int>()
        for item in s.items {
            switch item.kind {
            case .when(_, .fact(let slot)):
                // The common item, a yes/no question: no set of its own (a tool not filled in has dozens).
                if facts.indices.contains(slot) && facts[slot] == nil { acc.insert(slot) }
            case .when(_, let c): acc.formUnion(open(c))
            case .add(let v, _, _): acc.formUnion(numeric(v))
            }
        }
        for f in s.floors { acc.formUnion(open(f.condition)) }
        return acc
    }
}

/// `Relevance.score`'s answers, kept for the life of one `Relevance` (its facts do not change).
final class ScoreOpenCache {
    var sets: [Int: Set<Int>] = [:]
}
