@_spi(Bench) @testable import ThresholdKit

/// The counterfactual search as it was at 5066bd0, kept as the reference the faster search must agree with,
/// change for change and in order (`CounterfactualEquivalenceTests`). Same limits as `Counterfactuals`.
enum CounterfactualReference {
    static func changes(for result: ScoredResult) -> [ScoredResult.Change] {
        let rs = result.ruleSet
        var search = ReferenceSearch(result, Evaluator(rs))
        let singles = search.singles()
        var out: [ScoredResult.Change] = []
        for level in rs.levels.indices.reversed() where level != result.outcome {
            if let found = singles[level], !found.isEmpty {
                out += found.prefix(Counterfactuals.perLevel).map { ScoredResult.Change(set: [$0], outcome: level) }
            } else {
                out += search.pairs(reaching: level, limit: Counterfactuals.perLevel)
            }
        }
        return out
    }

    static func changes(toReach level: Int, for result: ScoredResult) -> [ScoredResult.Change] {
        guard result.ruleSet.levels.indices.contains(level), level != result.outcome else { return [] }
        var search = ReferenceSearch(result, Evaluator(result.ruleSet))
        if let found = search.singles()[level], !found.isEmpty {
            return found.prefix(Counterfactuals.perLevel).map { ScoredResult.Change(set: [$0], outcome: level) }
        }
        return search.pairs(reaching: level, limit: Counterfactuals.perLevel)
    }

    static func changes(toFire rule: Int, for result: ScoredResult) -> [ScoredResult.Change] {
        let rs = result.ruleSet
        guard rs.rules.indices.contains(rule), result.evaluation.rules[rule] != .yes else { return [] }
        var search = ReferenceSearch(result, Evaluator(rs))
        return search.firing(rule, limit: Counterfactuals.perLevel)
    }
}

/// The search as it was before issue 25 (a copy of `Search` at 5066bd0, renamed): every candidate re-scored
/// with `outcomeLevel`, every rule test on the node-tree interpreter.
struct ReferenceSearch {
    typealias Setting = (slot: Int, value: FactValue?)

    let ruleSet: RuleSet
    let candidates: CandidateValues
    let evaluator: Evaluator
    let base: FactVector
    /// Scratch copies of the facts for trying changes.
    private var work: ScratchFacts
    let result: ScoredResult
    /// Facts some rule reads, unknown ones first, then known ones, each in declaration order.
    let order: [Int]
    private var options: [Int: [FactValue]] = [:]
    /// Per rule, once `moversKnown`: the facts that can move it alone, and the facts it reads (as bits: the
    /// pair search tests them for every pair of facts and every rule that matters; read in place, not copied).
    private var moversKnown: [Bool]
    private var aloneMovers: [FactSet]
    private var readFacts: [FactSet]
    /// The facts the caps read: a pair with one of them may move the outcome through a cap, whatever the rules do.
    private let capFacts: FactSet
    /// Whether a pair of facts can move a rule, keyed by rule and both slots as one number.
    private var pairMoves: [Int: Bool] = [:]
    private(set) var evaluations = 0

    init(_ result: ScoredResult, _ evaluator: Evaluator) {
        self.result = result
        self.evaluator = evaluator
        ruleSet = result.ruleSet
        candidates = CandidateValues.forRuleSet(result.ruleSet)
        var facts = result.evaluation.facts
        if facts.count < ruleSet.facts.count {
            facts += Array(repeating: nil, count: ruleSet.facts.count - facts.count)
        }
        base = facts
        work = ScratchFacts(facts)
        moversKnown = Array(repeating: false, count: ruleSet.rules.count)
        aloneMovers = Array(repeating: FactSet(), count: ruleSet.rules.count)
        readFacts = aloneMovers
        var capFacts = FactSet()
        for c in ruleSet.caps { for f in c.factsRead where f < facts.count { capFacts.insert(f) } }
        self.capFacts = capFacts
        let relevant = candidates.relevant.filter { $0 < facts.count }
        // An open question that cannot apply to this child (`asked when` is no) is not suggested.
        let rs = ruleSet
        let known = facts
        order =
            relevant.filter { known[$0] == nil && QuestionPlan.mayApply(rs, $0, known, evaluator) }
            + relevant.filter { facts[$0] != nil }
    }

    /// The candidate values of a fact, best first (computed once per search).
    mutating func values(_ slot: Int) -> [FactValue] {
        if let v = options[slot] { return v }
        let v = candidates.values(for: slot, current: base[slot], scores: result.evaluation.scores)
        options[slot] = v
        return v
    }

    /// The outcome with these facts changed.
    mutating func outcome(_ changes: [(Int, FactValue)]) -> Int {
        evaluations += 1
        return work.evaluate(changes.map { ($0.0, Optional($0.1)) }) { evaluator.outcomeLevel($0) }
    }

    /// Every outcome one change reaches, with the best value per fact, facts in search order.
    mutating func singles() -> [Int: [Setting]] {
        var found: [Int: [Setting]] = [:]
        for slot in order {
            var seen = Set<Int>()
            for v in values(slot) {
                let o = outcome([(slot, v)])
                guard o != result.outcome, seen.insert(o).inserted else { continue }
                found[o, default: []].append((slot, v))
            }
        }
        return found
    }

    /// Pairs of changes that make the outcome exactly `level`, within the budget. Only pairs that can matter
    /// are tried: to raise the outcome, a rule at the level must be able to leave `no`; to lower it, every
    /// rule firing above the level must be able to leave `yes` (see `canMove`).
    mutating func pairs(reaching level: Int, limit: Int) -> [ScoredResult.Change] {
        let facts = factsThatMatter(for: level)
        let raising = level > result.outcome
        let rules = ruleSet.rules.indices.filter { i in
            raising
                ? ruleSet.rules[i].level == level : ruleSet.rules[i].level > level && result.evaluation.rules[i] == .yes
        }
        var out: [ScoredResult.Change] = []
        for (i, a) in facts.enumerated() {
            for b in facts[(i + 1)...] {
                if evaluations >= Counterfactuals.pairBudget { return out }
                let throughCap = capFacts.contains(a) || capFacts.contains(b)
                var possible = !raising || throughCap
                for r in rules {
                    let moves = canMove(r, a, b)
                    if raising && moves {
                        possible = true
                        break
                    }
                    if !raising && !moves && !throughCap {
                        possible = false
                        break
                    }
                }
                guard possible else { continue }
                if let change = pair(a, b, reaching: level) {
                    out.append(change)
                    if out.count >= limit { return out }
                }
            }
        }
        return out
    }

    /// Whether changing facts `a` and `b` could move rule `r` off its current value. Kleene logic is monotone:
    /// if the rule keeps its value (yes, or no) with both facts unknown, no values of them can change it.
    /// Checked for each fact alone first (cached), then for the pair when both are read by the rule.
    private mutating func canMove(_ r: Int, _ a: Int, _ b: Int) -> Bool {
        if !moversKnown[r] { findMovers(r) }
        if aloneMovers[r].contains(a) || aloneMovers[r].contains(b) { return true }
        guard readFacts[r].contains(a), readFacts[r].contains(b) else { return false }
        let key = (r * base.count + a) * base.count + b  // a, b < base.count
        if let m = pairMoves[key] { return m }
        let m = moves(r, unknown: [a, b])
        pairMoves[key] = m
        return m
    }

    /// Finds the facts that can move rule `r` on their own, and the facts it reads.
    private mutating func findMovers(_ r: Int) {
        var read = FactSet()
        var alone = FactSet()
        for slot in ruleSet.rules[r].factsRead where slot < base.count {
            read.insert(slot)
            if moves(r, unknown: [slot]) { alone.insert(slot) }
        }
        aloneMovers[r] = alone
        readFacts[r] = read
        moversKnown[r] = true
    }

    /// Whether rule `r` leaves its current value when these facts become unknown.
    private mutating func moves(_ r: Int, unknown slots: [Int]) -> Bool {
        let now = result.evaluation.rules[r]
        if now == .unknown { return true }
        evaluations += 1
        let evaluator = self.evaluator
        return work.evaluate(slots.map { ($0, nil) }) { facts in
            _ = evaluator.outcomeLevel(facts)
            return evaluator.condition(ruleSet.rules[r].condition) != now
        }
    }

    private mutating func pair(_ a: Int, _ b: Int, reaching level: Int) -> ScoredResult.Change? {
        for va in values(a) {
            for vb in values(b) {
                if evaluations >= Counterfactuals.pairBudget { return nil }
                if outcome([(a, va), (b, vb)]) == level {
                    return ScoredResult.Change(set: [(a, va), (b, vb)], outcome: level)
                }
            }
        }
        return nil
    }

    /// The facts read by rules at `level` or above, in search order: only these can decide whether the
    /// outcome is that level.
    private func factsThatMatter(for level: Int) -> [Int] {
        let read = Set(
            ruleSet.rules.filter { $0.level >= level }.flatMap(\.factsRead) + ruleSet.caps.flatMap(\.factsRead))
        return order.filter { read.contains($0) }
    }

    /// Changes of one fact, or else two, that make `rule` fire.
    mutating func firing(_ rule: Int, limit: Int) -> [ScoredResult.Change] {
        let target = ruleSet.rules[rule]
        let read = Set(target.factsRead)
        let facts = order.filter { read.contains($0) }
        var out: [ScoredResult.Change] = []
        for slot in facts {
            for v in values(slot) {
                let o = outcome([(slot, v)])
                if evaluator.condition(target.condition) == .yes {
                    out.append(ScoredResult.Change(set: [(slot, v)], outcome: o))
                    break
                }
            }
            if out.count >= limit { return out }
        }
        if !out.isEmpty { return out }
        for (i, a) in facts.enumerated() {
            for b in facts[(i + 1)...] {
                search: for va in values(a) {
                    for vb in values(b) {
                        if evaluations >= Counterfactuals.pairBudget { return out }
                        let o = outcome([(a, va), (b, vb)])
                        if evaluator.condition(target.condition) == .yes {
                            out.append(ScoredResult.Change(set: [(a, va), (b, vb)], outcome: o))
                            break search
                        }
                    }
                }
                if out.count >= limit { return out }
            }
        }
        return out
    }
}
