/// The pair search of `Search`: pairs of facts, in search order, that can matter for a level (the filter of
/// the search before issue 25, `canMove`, kept as it was because what it counts is part of the budget), each
/// tried by `pair` (`Search+Outcomes.swift`).
extension Search {
    /// Pairs of changes that make the outcome exactly `level`, within the budget. Only pairs that can matter
    /// are tried: to raise the outcome, a rule at the level must be able to leave `no`; to lower it, every
    /// rule firing above the level must be able to leave `yes` (see `canMove`), unless a cap reads one of them.
    mutating func pairs(reaching level: Int, limit: Int) -> [ScoredResult.Change] {
        countUntried()
        let facts = factsThatMatter(for: level)
        let raising = level > result.outcome
        let rules = ruleSet.rules.indices.filter { i in
            raising
                ? ruleSet.rules[i].level == level : ruleSet.rules[i].level > level && result.evaluation.rules[i] == .yes
        }
        guard rules.count <= 64 else { return pairsRuleByRule(facts, rules, raising: raising, level, limit: limit) }
        // Per fact of `facts` (by position), as bits of `rules`: the rules it can move alone and those that read
        // it, filled in for each rule where `canMove` would first look at it (finding its movers counts).
        var alone = [UInt64](repeating: 0, count: facts.count)
        var read = alone
        var known: UInt64 = 0
        let throughCaps = facts.map { capFacts.contains($0) }
        var out: [ScoredResult.Change] = []
        let all: UInt64 = rules.count == 64 ? ~0 : (1 << UInt64(rules.count)) - 1
        let parts = self.parts
        for i in facts.indices {
            let a = facts[i]
            for j in (i + 1)..<facts.count {
                if evaluations >= Counterfactuals.pairBudget { return out }
                let b = facts[j]
                let throughCap = throughCaps[i] || throughCaps[j]
                var possible = !raising || throughCap
                if known == all {
                    // Every rule's movers known: the rule-by-rule loop below, worked on bits. Only the rules that read
                    // both facts and neither moves alone are asked of the pair (`pairMove`, which counts), in the
                    // order the loop would ask them, up to where it would stop.
                    let moving = alone[i] | alone[j]
                    let asked = read[i] & read[j] & ~moving
                    // Where the loop stops at the latest: the first rule that moves alone (raising), or the first that
                    // cannot move at all (lowering, unless through a cap: then it goes through every rule).
                    let stop = raising ? moving : (throughCap ? 0 : all & ~(moving | asked))
                    let lowest: UInt64 = stop & (~stop &+ 1)
                    var ask: UInt64 = asked & (stop == 0 ? all : lowest &- 1)
                    var decided = false
                    while ask != 0 {
                        let k = ask.trailingZeroBitCount
                        ask &= ask - 1
                        let m = pairMove(rules[k], a, b)
                        if raising && m || !raising && !m && !throughCap {
                            possible = raising
                            decided = true
                            break
                        }
                    }
                    if !decided && stop != 0 { possible = raising }
                } else {
                    possible = scan(
                        rules, a, b, i, j, raising: raising, throughCap: throughCap, &alone, &read, &known, facts)
                }
                guard possible else { continue }
                // What reads `a` or `b` cannot give the level: the pair is tried in vain (as `pair` counts it).
                guard parts.pairCanReach(level, a, b) else {
                    let remaining = Counterfactuals.pairBudget - evaluations
                    if remaining > 0 { evaluations += min(valueCount(a) * valueCount(b), remaining) }
                    continue
                }
                if let change = pair(a, b, reaching: level) {
                    out.append(change)
                    if out.count >= limit { return out }
                }
            }
        }
        return out
    }

    /// The filter of `pairs` rule by rule, learning each rule's movers where `canMove` would first need them
    /// (finding them counts): whether the pair `a`, `b` (at `i`, `j` of `facts`) can matter.
    private mutating func scan(
        _ rules: [Int], _ a: Int, _ b: Int, _ i: Int, _ j: Int, raising: Bool, throughCap: Bool,
        _ alone: inout [UInt64], _ read: inout [UInt64], _ known: inout UInt64, _ facts: [Int]
    ) -> Bool {
        var possible = !raising || throughCap
        for (k, r) in rules.enumerated() {
            let bit: UInt64 = 1 << UInt64(k)
            if known & bit == 0 {
                if !moversKnown[r] { findMovers(r) }
                for (p, f) in facts.enumerated() {
                    if aloneMovers[r].contains(f) { alone[p] |= bit }
                    if readFacts[r].contains(f) { read[p] |= bit }
                }
                known |= bit
            }
            let moves = (alone[i] | alone[j]) & bit != 0 || (read[i] & read[j] & bit != 0 && pairMove(r, a, b))
            if let settled = Self.settles(moves: moves, raising: raising, throughCap: throughCap) {
                possible = settled
                break
            }
        }
        return possible
    }

    /// Whether one rule settles if a pair is worth trying: raising the outcome, one rule the pair moves is
    /// enough; lowering it, one it cannot move rules the pair out (unless a cap reads it). Nil: not settled.
    @inline(__always) static func settles(moves: Bool, raising: Bool, throughCap: Bool) -> Bool? {
        if raising && moves { return true }
        if !raising && !moves && !throughCap { return false }
        return nil
    }

    /// As `pairs`, for more than 64 rules that matter: `canMove` asked rule by rule.
    private mutating func pairsRuleByRule(
        _ facts: [Int], _ rules: [Int], raising: Bool, _ level: Int, limit: Int
    ) -> [ScoredResult.Change] {
        var out: [ScoredResult.Change] = []
        for (i, a) in facts.enumerated() {
            for b in facts[(i + 1)...] {
                if evaluations >= Counterfactuals.pairBudget { return out }
                let throughCap = capFacts.contains(a) || capFacts.contains(b)
                var possible = !raising || throughCap
                for r in rules {
                    if let settled = Self.settles(moves: canMove(r, a, b), raising: raising, throughCap: throughCap) {
                        possible = settled
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
        return pairMove(r, a, b)
    }

    /// Whether facts `a` and `b` together can move rule `r`, which reads both and neither moves alone (cached).
    private mutating func pairMove(_ r: Int, _ a: Int, _ b: Int) -> Bool {
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

    /// Whether rule `r` leaves its current value when these facts become unknown (counted as an evaluation).
    private mutating func moves(_ r: Int, unknown slots: [Int]) -> Bool {
        let now = result.evaluation.rules[r]
        if now == .unknown { return true }
        evaluations += 1
        for slot in slots { work[slot] = nil }
        let t = evaluator.probing(work) { $0.rule(r) }
        for slot in slots { work[slot] = base[slot] }
        return t != now
    }
}
