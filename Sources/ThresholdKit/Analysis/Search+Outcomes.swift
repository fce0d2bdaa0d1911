/// What a change of one or two facts does to the outcome, put together from parts (`OutcomeParts`) instead of
/// evaluating the whole rule set again. Each rule or cap that reads only one of the changed facts has the
/// value it has with that fact alone changed: that is probed once per fact and candidate value (`effect`), on
/// the rules and caps that read the fact. Only the rules and caps that read both facts of a pair are probed
/// for the pair itself, and only when they could make the difference (`OutcomeParts.canReach`).
extension Search {
    /// Which of the rules that read `slot` fire with it set to its `k`-th candidate value (bit i for the i-th
    /// of `reads.rules[slot]`), probed the first time it is asked for (with the caps, see `probeEffects`).
    @inline(__always) mutating func ruleEffect(_ slot: Int, _ k: Int) -> UInt64 {
        k < buffers.probed[2 * slot]
            ? buffers.effects[buffers.effectStart[slot] + 2 * k] : probeEffects(slot, upTo: k, caps: false)
    }

    /// Which of the caps that read `slot` hold with it set to its `k`-th candidate value (bit i for the i-th
    /// of `reads.caps[slot]`), probed the first time it is asked for.
    @inline(__always) mutating func capEffect(_ slot: Int, _ k: Int) -> UInt64 {
        k < buffers.probed[2 * slot + 1]
            ? buffers.effects[buffers.effectStart[slot] + 2 * k + 1] : probeEffects(slot, upTo: k, caps: true)
    }

    /// Probes the caps (`caps`), or the rules and the caps, that read `slot` with each of its candidate values
    /// not yet probed for them, up to the `k`-th; keeps what each gives and returns the `k`-th. Asked for the
    /// rules, a value is probed once for both (what a definition or score they share reads is computed once):
    /// the caps are asked with the rules nearly always, but alone often enough (`lows`, `pair` above the
    /// level) that probing the rules with them would cost more than it saves.
    private mutating func probeEffects(_ slot: Int, upTo k: Int, caps capsOnly: Bool) -> UInt64 {
        let rules = parts.reads.rules[slot]
        let caps = parts.reads.caps[slot]
        if capsOnly ? caps.isEmpty : rules.isEmpty { return 0 }
        let candidates = values(slot)
        if buffers.effectStart[slot] < 0 {
            buffers.effectStart[slot] = buffers.effects.count
            for _ in 0..<2 * candidates.count { buffers.effects.append(0) }
        }
        let at = buffers.effectStart[slot]
        let rulesFrom = capsOnly ? k + 1 : buffers.probed[2 * slot]
        let capsFrom = buffers.probed[2 * slot + 1]
        let evaluator = self.evaluator
        for i in min(rulesFrom, capsFrom)...k {
            let askRules = i >= rulesFrom
            let askCaps = i >= capsFrom
            buffers.work[slot] = candidates[i]
            let (fired, held) = evaluator.probing(buffers.work) { p in
                var fired: UInt64 = 0
                if askRules {
                    for (n, m) in rules.enumerated() where p.rule(m) == .yes { fired |= 1 << UInt64(n) }
                }
                var held: UInt64 = 0
                if askCaps {
                    for (n, m) in caps.enumerated() where p.capHolds(m) { held |= 1 << UInt64(n) }
                }
                return (fired, held)
            }
            if askRules { buffers.effects[at + 2 * i] = fired }
            if askCaps { buffers.effects[at + 2 * i + 1] = held }
        }
        buffers.work[slot] = base[slot]
        if !capsOnly { buffers.probed[2 * slot] = max(buffers.probed[2 * slot], k + 1) }
        buffers.probed[2 * slot + 1] = max(capsFrom, k + 1)
        return buffers.effects[at + 2 * k + (capsOnly ? 1 : 0)]
    }

    /// The outcome with `slot` set to its `k`-th candidate value (counted as an evaluation).
    mutating func single(_ slot: Int, _ k: Int) -> Int {
        let parts = self.parts
        guard parts.summarised(slot) else { return outcome([(slot, values(slot)[k])]) }
        evaluations += 1
        let best = max(parts.baseBest(excluding: slot), parts.mostSevere(slot, ruleEffect(slot, k)))
        let held = min(parts.baseHeld(excluding: slot), parts.lowest(slot, capEffect(slot, k)))
        return parts.outcome(best: best, held: held)
    }

    /// The first pair of candidate values of `a` and `b` (those of `a` the outer loop) that makes the outcome
    /// `level`, within the budget; each pair tried counts as an evaluation, as if each were scored in turn.
    /// `reachable`: `OutcomeParts.pairCanReach` is known to hold (`mayReach` said so), not asked again.
    mutating func pair(_ a: Int, _ b: Int, reaching level: Int, reachable: Bool = false) -> ScoredResult.Change? {
        let remaining = Counterfactuals.pairBudget - evaluations
        if remaining <= 0 { return nil }
        let parts = self.parts
        guard reachable || parts.pairCanReach(level, a, b, caps: holdable(a, b)) else {
            evaluations += min(valueCount(a) * valueCount(b), remaining)
            return nil
        }
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
        // Above the level whatever the rules that read `a` or `b` do: only the caps can make it the level.
        let rulesMatter = best0 <= level
        let both = parts.shared(a, b)
        // The values of `b` that could give the level with some value of `a` (all, past 64 values).
        // Up to 64 values of `b`, what each gives through the rules and caps that do not read `a` is kept
        // (`columnBest`, `columnHeld`: -1 when the rules do not matter), for the rows below.
        var columns = UInt64.max
        let kept = vb.count <= 64
        if kept {
            columns = 0
            if buffers.columnBest.count < vb.count {
                buffers.columnBest = Array(repeating: -1, count: 64)
                buffers.columnHeld = buffers.columnBest
            }
            let rulesOfA = reads.ruleLevels[a]
            let capsOfA = reads.capLevels[a]
            for j in vb.indices {
                let bestB = rulesMatter ? parts.mostSevere(b, ruleEffect(b, j) & ~both.rulesOfB) : -1
                let heldB = parts.lowest(b, capEffect(b, j) & ~both.capsOfB)
                buffers.columnBest[j] = bestB
                buffers.columnHeld[j] = heldB
                if LevelSet.canReach(
                    level, defaultLevel: parts.defaultLevel, best: max(best0, bestB), held: min(held0, heldB),
                    rules: rulesOfA,
                    caps: capsOfA)
                {
                    columns |= 1 << UInt64(j)
                }
            }
        }
        if columns == 0 {
            evaluations += min(tries, remaining)
            return nil
        }
        // By index: a value is copied only when it is probed or reported.
        for i in va.indices {
            let bestA = rulesMatter ? max(best0, parts.mostSevere(a, ruleEffect(a, i) & ~both.rulesOfA)) : best0
            let heldA = min(held0, parts.lowest(a, capEffect(a, i) & ~both.capsOfA))
            // No value of `b` gives the level with this value of `a`: the row is tried in vain.
            if !LevelSet.canReach(
                level, defaultLevel: parts.defaultLevel, best: bestA, held: heldA, rules: rulesOfB, caps: capsOfB)
            {
                if (i + 1) * vb.count >= remaining {
                    evaluations += remaining
                    return nil
                }
                continue
            }
            for j in vb.indices {
                let tried = i * vb.count + j
                if tried >= remaining {
                    evaluations += remaining
                    return nil
                }
                if j < 64 && columns & (1 << UInt64(j)) == 0 { continue }
                let best: Int
                let held: Int
                if kept {
                    best = max(bestA, buffers.columnBest[j])
                    held = min(heldA, buffers.columnHeld[j])
                } else {
                    best = rulesMatter ? max(bestA, parts.mostSevere(b, ruleEffect(b, j) & ~both.rulesOfB)) : bestA
                    held = min(heldA, parts.lowest(b, capEffect(b, j) & ~both.capsOfB))
                }
                let o: Int
                if both.isEmpty {
                    o = parts.outcome(best: best, held: held)
                } else if LevelSet.canReach(
                    level, defaultLevel: parts.defaultLevel, best: best, held: held, rules: both.ruleLevels,
                    caps: both.capLevels)
                {
                    o = probe(a, va[i], b, vb[j], both, best: best, held: held, rules: rulesMatter)
                } else {
                    continue
                }
                if o == level {
                    evaluations += tried + 1
                    return ScoredResult.Change(set: [(a, va[i]), (b, vb[j])], outcome: level)
                }
            }
        }
        evaluations += tries
        return nil
    }

    /// The outcome with `a` and `b` set to `x` and `y`, given `best` and `held` from every rule and cap but
    /// those that read both: those are probed (the rules only when `rules`), the most severe rules and the
    /// lowest caps first, each only while it could still change the outcome.
    private mutating func probe(
        _ a: Int, _ x: FactValue, _ b: Int, _ y: FactValue, _ both: OutcomeParts.Shared, best: Int, held: Int,
        rules probeRules: Bool
    ) -> Int {
        // The closure holds one reference (`reads`), read in place: each array it held was retained a probe.
        let reads = parts.reads
        let defaultLevel = parts.defaultLevel
        buffers.work[a] = x
        buffers.work[b] = y
        let o = evaluator.probing(buffers.work) { p in
            var best = best
            var bits = probeRules ? both.rulesOfA : 0
            while bits != 0 {
                let r = reads.rules[a][bits.trailingZeroBitCount]
                bits &= bits - 1
                let level = reads.ruleLevel[r]
                if level <= best { break }
                if p.rule(r) == .yes {
                    best = level
                    break
                }
            }
            var level = min(best < 0 ? defaultLevel : best, held)
            bits = both.capsOfA
            while bits != 0 {
                let c = reads.caps[a][bits.trailingZeroBitCount]
                bits &= bits - 1
                let capLevel = reads.capLevel[c]
                if capLevel >= level { break }
                if p.capHolds(c) {
                    level = capLevel
                    break
                }
            }
            return level
        }
        buffers.work[a] = base[a]
        buffers.work[b] = base[b]
        return o
    }
}
