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
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body else { return [] }
            return open(body)
        case .not(let x): return open(x)
        case .and(let xs): return junction(xs, settledBy: .no)
        case .or(let xs): return junction(xs, settledBy: .yes)
        case .count(let mode, let xs):
            var settledYes = 0, openItems = 0
            var acc = Set<Int>()
            for x in xs {
                let o = open(x)
                if o.isEmpty { if evaluator.condition(x) == .yes { settledYes += 1 } } else { openItems += 1; acc.formUnion(o) }
            }
            return Evaluator.count(mode, yes: settledYes, unknown: openItems, total: xs.count) == .unknown ? acc : []
        case .isKnown(let s, _): return unknown(s)
        case .isKnownNum(let n, _): return numeric(n)
        case .isKnownBool(let b, _): return open(b)
        default:
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

    /// The unknown facts a comparison reads.
    private func leaf(_ node: BoolNode) -> Set<Int> {
        switch node {
        case .compareNum(_, let a, let b): return numeric(a).union(numeric(b))
        case .betweenNum(let a, let b, let c): return numeric(a).union(numeric(b)).union(numeric(c))
        case .compareTime(_, let a, let b): return time(a).union(time(b))
        case .compareBool(_, let a, let b): return open(a).union(open(b))
        case .optionIs(let s, _, _), .optionIn(let s, _), .setHas(let s, _), .setIs(let s, _, _), .textIs(let s, _, _): return unknown(s)
        case .compareLevel(_, let a, let b): return level(a).union(level(b))
        case .scoreBand(let i, _, _): return score(i)
        default: return []
        }
    }

    private func unknown(_ slot: Int) -> Set<Int> {
        facts.indices.contains(slot) && facts[slot] == nil ? [slot] : []
    }

    private func numeric(_ n: NumNode) -> Set<Int> {
        switch n {
        case .constant: return []
        case .fact(let s): return unknown(s)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else { return [] }
            return numeric(body)
        case .scoreTotal(let i), .domainTotal(let i, _): return score(i)
        case .arith(_, let a, let b): return numeric(a).union(numeric(b))
        case .negate(let a): return numeric(a)
        case .daysBetween(let a, let b), .yearsBetween(let a, let b): return time(a).union(time(b))
        }
    }

    private func time(_ t: TimeNode) -> Set<Int> {
        if case .fact(let s, _) = t { return unknown(s) }
        return []
    }

    private func level(_ l: LevelSource) -> Set<Int> {
        if case .fact(let s) = l { return unknown(s) }
        return []
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

