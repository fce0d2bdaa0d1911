/// What a change of one or two facts does to the outcome, put together from parts (`OutcomeParts`) instead of
/// evaluating the whole rule set again. Each rule or cap that reads only one of the changed facts has the
/// value it has with that fact alone changed: that is probed once per fact and candidate value (`effect`), on
/// the rules and caps that read the fact. Only the rules and caps that read both facts of a pair are probed
/// for the pair itself, and only when they could make the difference (`OutcomeParts.canReach`).
extension Search {
    /// With one fact set to one candidate value: which of the rules that read the fact fire, and which of the
    /// caps that read it hold (bit i for the i-th of `reads.rules[slot]` and of `reads.caps[slot]`).
    struct Effect {
        var rules: UInt64 = 0
        var caps: UInt64 = 0
    }

    /// The effect of the `k`-th candidate value of `slot`, probed the first time it is asked for.
    mutating func effect(_ slot: Int, _ k: Int) -> Effect {
        while effects[slot].count <= k {
            let value = values(slot)[effects[slot].count]
            let rules = parts.reads.rules[slot]
            let caps = parts.reads.caps[slot]
            work[slot] = value
            let e = evaluator.probing(work) { p in
                var e = Effect()
                for (i, r) in rules.enumerated() where p.rule(r) == .yes { e.rules |= 1 << UInt64(i) }
                for (i, c) in caps.enumerated() where p.capHolds(c) { e.caps |= 1 << UInt64(i) }
                return e
            }
            work[slot] = base[slot]
            effects[slot].append(e)
        }
        return effects[slot][k]
    }

    /// The outcome with `slot` set to its `k`-th candidate value (counted as an evaluation).
    mutating func single(_ slot: Int, _ k: Int) -> Int {
        let parts = self.parts
        guard parts.summarised(slot) else { return outcome([(slot, values(slot)[k])]) }
        evaluations += 1
        let e = effect(slot, k)
        let best = max(parts.baseBest(excluding: slot), parts.mostSevere(slot, e.rules))
        return parts.outcome(best: best, held: min(parts.baseHeld(excluding: slot), parts.lowest(slot, e.caps)))
    }

    /// The first pair of candidate values of `a` and `b` (those of `a` the outer loop) that makes the outcome
    /// `level`, within the budget; each pair tried counts as an evaluation, as if each were scored in turn.
    mutating func pair(_ a: Int, _ b: Int, reaching level: Int) -> ScoredResult.Change? {
        let remaining = Counterfactuals.pairBudget - evaluations
        if remaining <= 0 { return nil }
        let parts = self.parts
        let reads = parts.reads
        let va = values(a)
        let vb = values(b)
        guard parts.summarised(a), parts.summarised(b) else {
            for x in va {
                for y in vb {
                    if evaluations >= Counterfactuals.pairBudget { return nil }
                    if outcome([(a, x), (b, y)]) == level {
                        return ScoredResult.Change(set: [(a, x), (b, y)], outcome: level)
                    }
                }
            }
            return nil
        }
        let tries = va.count * vb.count
        let best0 = parts.baseBest(excluding: a, b)
        let held0 = parts.baseHeld(excluding: a, b)
        let rulesOfB = reads.ruleLevels[b]
        let capsOfB = reads.capLevels[b]
        guard
            parts.canReach(
                level, best: best0, held: held0, rules: reads.ruleLevels[a] | rulesOfB,
                caps: reads.capLevels[a] | capsOfB)
        else {
            evaluations += min(tries, remaining)
            return nil
        }
        let both = parts.shared(a, b)
        for (i, x) in va.enumerated() {
            let ea = effect(a, i)
            let bestA = max(best0, parts.mostSevere(a, ea.rules & ~both.rulesOfA))
            let heldA = min(held0, parts.lowest(a, ea.caps & ~both.capsOfA))
            // No value of `b` gives the level with this value of `a`: the row is tried in vain.
            if !parts.canReach(level, best: bestA, held: heldA, rules: rulesOfB, caps: capsOfB) {
                if (i + 1) * vb.count >= remaining {
                    evaluations += remaining
                    return nil
                }
                continue
            }
            for (j, y) in vb.enumerated() {
                let tried = i * vb.count + j
                if tried >= remaining {
                    evaluations += remaining
                    return nil
                }
                let eb = effect(b, j)
                let best = max(bestA, parts.mostSevere(b, eb.rules & ~both.rulesOfB))
                let held = min(heldA, parts.lowest(b, eb.caps & ~both.capsOfB))
                let o: Int
                if both.isEmpty {
                    o = parts.outcome(best: best, held: held)
                } else if parts.canReach(level, best: best, held: held, rules: both.ruleLevels, caps: both.capLevels) {
                    o = probe(a, x, b, y, both, best: best, held: held)
                } else {
                    continue
                }
                if o == level {
                    evaluations += tried + 1
                    return ScoredResult.Change(set: [(a, x), (b, y)], outcome: level)
                }
            }
        }
        evaluations += tries
        return nil
    }

    /// The outcome with `a` and `b` set to `x` and `y`, given `best` and `held` from every rule and cap but
    /// those that read both: those are probed, the most severe rules and the lowest caps first, each only
    /// while it could still change the outcome.
    private mutating func probe(
        _ a: Int, _ x: FactValue, _ b: Int, _ y: FactValue, _ both: OutcomeParts.Shared, best: Int, held: Int
    ) -> Int {
        let parts = self.parts
        let rs = parts.ruleSet
        let rules = parts.reads.rules[a]
        let caps = parts.reads.caps[a]
        work[a] = x
        work[b] = y
        let o = evaluator.probing(work) { p in
            var best = best
            var bits = both.rulesOfA
            while bits != 0 {
                let r = rules[bits.trailingZeroBitCount]
                bits &= bits - 1
                if rs.rules[r].level <= best { break }
                if p.rule(r) == .yes {
                    best = rs.rules[r].level
                    break
                }
            }
            var level = parts.outcome(best: best, held: held)
            bits = both.capsOfA
            while bits != 0 {
                let c = caps[bits.trailingZeroBitCount]
                bits &= bits - 1
                if rs.caps[c].level >= level { break }
                if p.capHolds(c) {
                    level = rs.caps[c].level
                    break
                }
            }
            return level
        }
        work[a] = base[a]
        work[b] = base[b]
        return o
    }
}
