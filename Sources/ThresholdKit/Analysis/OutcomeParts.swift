/// The outcome of a result taken apart, so that the outcome after a change of one or two facts can be put
/// together again from what the evaluation already decided and what the change moves. The outcome is the most
/// severe level of the rules that fire (the default when none does), held at the lowest level of the caps that
/// hold, and no rule or cap reads the outcome: with facts `a` and `b` changed, the rules and caps that read
/// neither keep their values (`baseBest`, `baseHeld`). Immutable, for one search (a class, so that the search's
/// loops read it in place).
final class OutcomeParts {
    let ruleSet: RuleSet
    let reads: CounterfactualReads
    /// The rules that fire in the evaluation, most severe first; the caps that hold, lowest first.
    let firing: [Int]
    let holding: [Int]
    let defaultLevel: Int
    /// Whether the levels fit a `LevelSet` (at most 63): otherwise every candidate is scored whole, one by one.
    let levelsFit: Bool
    /// The columns of the pair search's grid of what a fact's values give (`Search.combos`): a column per
    /// level of the lowest cap that holds, and one for none; rows the same, for the most severe rule that fires
    /// (none, then each level). `gridFits` when the grid fits 63 bits (at most 6 levels).
    let gridWidth: Int
    let gridFits: Bool
    /// Per fact: which of `firing` read it, and which of `holding` (bit i for the i-th); empty when there are
    /// more than 64 of either, and `baseBest`, `baseHeld` look rule by rule.
    private let firingReads: [UInt64]
    private let holdingReads: [UInt64]
    /// `reads.summarisable`, read in place.
    private let summarisable: [Bool]
    /// The levels of `firing` and of `holding`, in their order (read by `baseBest`, `baseHeld`).
    private let firingLevels: [Int]
    private let holdingLevels: [Int]
    /// The caps whose `when` is no in the evaluation and has no `is known` test in it, as bits (none when the
    /// caps do not fit `CounterfactualReads.capBitsFit`): a change of facts their `when` does not read, or that
    /// leave it no when unknown, cannot make them hold (`Search.stuck`).
    let shutCaps: UInt64

    /// `reads`: the rule set's (`CounterfactualReads.forRuleSet`, which a search has at hand in
    /// `CandidateValues.reads`). `storage`: arrays of an earlier search's parts (`Storage`), filled in place;
    /// `storage()` gives them back when the search ends.
    init(_ result: borrowing ScoredResult, reads: CounterfactualReads, storage: inout Storage) {
        let rs = result.ruleSet
        let evaluation = result.evaluation
        ruleSet = rs
        self.reads = reads
        defaultLevel = rs.defaultLevel
        levelsFit = rs.levels.count <= 63
        gridWidth = rs.levels.count + 1
        gridFits = levelsFit && gridWidth * gridWidth <= 63
        summarisable = reads.summarisable
        var s = Storage()
        swap(&s, &storage)
        // In the orders kept per rule set (most severe first; lowest first), not sorted per result.
        s.firing.removeAll(keepingCapacity: true)
        s.firingLevels.removeAll(keepingCapacity: true)
        for r in reads.bySeverity where evaluation.rules.indices.contains(r) && evaluation.rules[r] == .yes {
            s.firing.append(r)
            s.firingLevels.append(reads.ruleLevel[r])
        }
        s.holding.removeAll(keepingCapacity: true)
        s.holdingLevels.removeAll(keepingCapacity: true)
        for c in reads.byLevel where evaluation.caps.indices.contains(c) && evaluation.caps[c].holds {
            s.holding.append(c)
            s.holdingLevels.append(reads.capLevel[c])
        }
        func bits(_ out: inout [UInt64], _ list: [Int], _ sets: [FactSet]) {
            guard list.count <= 64 else { return out.removeAll(keepingCapacity: true) }
            SearchBuffers.reset(&out, to: 0, count: rs.facts.count)
            for (i, x) in list.enumerated() { for slot in sets[x] { out[slot] |= 1 << UInt64(i) } }
        }
        bits(&s.firingReads, s.firing, reads.ruleReads)
        bits(&s.holdingReads, s.holding, reads.capReads)
        firing = s.firing
        holding = s.holding
        firingReads = s.firingReads
        holdingReads = s.holdingReads
        firingLevels = s.firingLevels
        holdingLevels = s.holdingLevels
        var shut: UInt64 = 0
        if reads.capBitsFit {
            for c in 0..<min(rs.caps.count, evaluation.caps.count) where evaluation.caps[c] == .no {
                shut |= 1 << UInt64(c)
            }
        }
        shutCaps = shut & reads.monotoneWhens
    }

    /// The arrays of a search's parts, kept for the next search (`SearchBuffers.parts`): an array that no
    /// parts hold any longer is filled again in its storage rather than made anew.
    struct Storage {
        var firing: [Int] = []
        var holding: [Int] = []
        var firingReads: [UInt64] = []
        var holdingReads: [UInt64] = []
        var firingLevels: [Int] = []
        var holdingLevels: [Int] = []
    }

    /// These parts' arrays, for `SearchBuffers.parts` (shared until these parts are freed).
    func storage() -> Storage {
        Storage(
            firing: firing, holding: holding, firingReads: firingReads, holdingReads: holdingReads,
            firingLevels: firingLevels, holdingLevels: holdingLevels)
    }

    /// Whether a fact's rules and caps fit the bits of an `Effect` (at most 64 of each); a change of any other
    /// fact is scored by evaluating the whole rule set again.
    @inline(__always) func summarised(_ slot: Int) -> Bool { summarisable[slot] }

    /// The most severe level of the rules that fire in the evaluation and read neither `a` nor `b` (-1: none).
    @inline(__always) func baseBest(excluding a: Int, _ b: Int = -1) -> Int {
        baseBest(excluding: a, b, readBy: firingBits(a))
    }

    /// Which of the rules that fire read `slot`, and which of the caps that hold (bit i for the i-th of
    /// `firing`, `holding`; 0 past 64 of them), for `baseBest(excluding:_:readBy:)` and `baseHeld`'s.
    @inline(__always) func firingBits(_ slot: Int) -> UInt64 { firingReads.isEmpty ? 0 : firingReads[slot] }
    @inline(__always) func holdingBits(_ slot: Int) -> UInt64 { holdingReads.isEmpty ? 0 : holdingReads[slot] }

    /// `baseBest(excluding: a, b)`, with `firingBits(a)` found before (once a row of pairs).
    @inline(__always) func baseBest(excluding a: Int, _ b: Int, readBy bitsOfA: UInt64) -> Int {
        guard !firingReads.isEmpty else { return baseBestRuleByRule(excluding: a, b) }
        let i = (~(bitsOfA | (b >= 0 ? firingReads[b] : 0))).trailingZeroBitCount
        return i < firingLevels.count ? firingLevels[i] : -1
    }

    /// `baseHeld(excluding: a, b)`, with `holdingBits(a)` found before (once a row of pairs).
    @inline(__always) func baseHeld(excluding a: Int, _ b: Int, readBy bitsOfA: UInt64) -> Int {
        guard !holdingReads.isEmpty else { return baseHeldCapByCap(excluding: a, b) }
        let i = (~(bitsOfA | (b >= 0 ? holdingReads[b] : 0))).trailingZeroBitCount
        return i < holdingLevels.count ? holdingLevels[i] : Int.max
    }

    /// `baseBest` for more than 64 rules that fire (out of line, so that the bits' path inlines).
    @inline(never) private func baseBestRuleByRule(excluding a: Int, _ b: Int) -> Int {
        for r in firing where !reads.ruleReads[r].contains(a) && !reads.ruleReads[r].contains(b) {
            return ruleSet.rules[r].level
        }
        return -1
    }

    /// The facts read by the rules that fire in the evaluation at a level above `level`.
    func readByFiring(above level: Int) -> FactSet {
        var out = FactSet()
        for r in firing {
            if ruleSet.rules[r].level <= level { break }
            out.formUnion(reads.ruleReads[r])
        }
        return out
    }

    /// The lowest level of the caps that hold in the evaluation and read neither `a` nor `b` (`Int.max`: none).
    @inline(__always) func baseHeld(excluding a: Int, _ b: Int = -1) -> Int {
        baseHeld(excluding: a, b, readBy: holdingBits(a))
    }

    /// `baseHeld` for more than 64 caps that hold (out of line, as `baseBestRuleByRule`).
    @inline(never) private func baseHeldCapByCap(excluding a: Int, _ b: Int) -> Int {
        for c in holding where !reads.capReads[c].contains(a) && !reads.capReads[c].contains(b) {
            return ruleSet.caps[c].level
        }
        return Int.max
    }

    /// The most severe level of the rules of `reads.rules[slot]` in `bits` (-1: none).
    @inline(__always) func mostSevere(_ slot: Int, _ bits: UInt64) -> Int {
        bits == 0 ? -1 : reads.ruleLevel[reads.rules[slot][bits.trailingZeroBitCount]]
    }

    /// The lowest level of the caps of `reads.caps[slot]` in `bits` (`Int.max`: none).
    @inline(__always) func lowest(_ slot: Int, _ bits: UInt64) -> Int {
        bits == 0 ? Int.max : reads.capLevel[reads.caps[slot][bits.trailingZeroBitCount]]
    }

    /// The grid column of the lowest cap that holds (`Int.max`: none).
    @inline(__always) func capColumn(_ held: Int) -> Int { held == Int.max ? gridWidth - 1 : held }

    /// The lowest cap that holds, from its grid column (`Int.max`: none).
    @inline(__always) func cap(_ column: Int) -> Int { column == gridWidth - 1 ? Int.max : column }

    /// The grid cell (`Search.combos`) of a value whose rules give `best` (-1: none fires) and caps `held`
    /// (`Int.max`: none holds), as a bit.
    @inline(__always) func cell(best: Int, held: Int) -> UInt64 {
        1 << UInt64((best + 1) * gridWidth + capColumn(held))
    }

    /// What grid cell `k` stands for: the most severe rule that fires (-1: none) and the lowest cap that holds
    /// (`Int.max`: none).
    @inline(__always) func cellBest(_ k: Int) -> Int { k / gridWidth - 1 }
    @inline(__always) func cellHeld(_ k: Int) -> Int { cap(k % gridWidth) }

    /// The outcome when `best` is the most severe level of the rules that fire (-1: none, so the default) and
    /// `held` the lowest level of the caps that hold.
    @inline(__always) func outcome(best: Int, held: Int) -> Int { min(best < 0 ? defaultLevel : best, held) }

    /// Whether the outcome could be `level` when, besides the rules and caps that give `best` and `held`, some
    /// rules at the levels `rules` may fire and some caps at the levels `caps` may hold. Never false when it
    /// could be.
    @inline(__always) func canReach(_ level: Int, best: Int, held: Int, rules: LevelSet, caps: LevelSet) -> Bool {
        LevelSet.canReach(level, defaultLevel: defaultLevel, best: best, held: held, rules: rules, caps: caps)
    }

    /// Whether some values of `a` and `b` could make the outcome `level`, from the levels of the rules and caps
    /// that read them (false only when none can).
    /// `caps`: the levels of the caps that read `a` or `b` and could hold with them changed (`Search.holdable`).
    func pairCanReach(_ level: Int, _ a: Int, _ b: Int, caps: LevelSet) -> Bool {
        guard summarised(a), summarised(b) else { return true }
        return canReach(
            level, best: baseBest(excluding: a, b), held: baseHeld(excluding: a, b),
            rules: reads.ruleLevels[a] | reads.ruleLevels[b], caps: caps)
    }

    /// The levels of `open` that some value of `slot` could give (all of `open` for a fact not summarised).
    /// `caps`: the levels of the caps that read it and could hold with it changed (`Search.holdable`).
    @inline(__always) func reachable(_ open: LevelSet, by slot: Int, caps: LevelSet) -> LevelSet {
        guard summarised(slot) else { return open }
        let best = baseBest(excluding: slot)
        let held = baseHeld(excluding: slot)
        let reach = LevelSet.reach(
            defaultLevel: defaultLevel, best: best, held: held, rules: reads.ruleLevels[slot], caps: caps)
        return open & reach
    }

    /// The rules and caps that read both facts of a pair: as bits of the first fact's lists and of the
    /// second's, and their levels.
    struct Shared {
        var rulesOfA: UInt64 = 0
        var capsOfA: UInt64 = 0
        var rulesOfB: UInt64 = 0
        var capsOfB: UInt64 = 0
        var ruleLevels = LevelSet.none
        var capLevels = LevelSet.none

        var isEmpty: Bool { rulesOfA == 0 && capsOfA == 0 }
    }

    func shared(_ a: Int, _ b: Int) -> Shared {
        var s = Shared()
        // A rule or cap that reads both is at a level of both facts' rules or caps.
        if (reads.ruleLevels[a] & reads.ruleLevels[b]).isEmpty && (reads.capLevels[a] & reads.capLevels[b]).isEmpty {
            return s
        }
        for (i, r) in reads.rules[a].enumerated() where reads.ruleReads[r].contains(b) {
            s.rulesOfA |= 1 << UInt64(i)
            s.ruleLevels.insert(ruleSet.rules[r].level)
        }
        for (i, c) in reads.caps[a].enumerated() where reads.capReads[c].contains(b) {
            s.capsOfA |= 1 << UInt64(i)
            s.capLevels.insert(ruleSet.caps[c].level)
        }
        for (i, r) in reads.rules[b].enumerated() where reads.ruleReads[r].contains(a) { s.rulesOfB |= 1 << UInt64(i) }
        for (i, c) in reads.caps[b].enumerated() where reads.capReads[c].contains(a) { s.capsOfB |= 1 << UInt64(i) }
        return s
    }
}
