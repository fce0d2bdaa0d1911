/// The pair search of `Search`: pairs of facts, in search order, that can matter for a level (the filter of
/// the search before issue 25, `canMove`, kept as it was because what it counts is part of the budget), each
/// tried by `pair` (`Search+Outcomes.swift`).
extension Search {
    /// Pairs of changes that make the outcome exactly `level`, within the budget. Only pairs that can matter
    /// are tried: to raise the outcome, a rule at the level must be able to leave `no`; to lower it, every
    /// rule firing above the level must be able to leave `yes` (see `canMove`), unless a cap reads one of them.
    ///
    /// The pairs are walked in the order of the search before issue 25, which counted its budget pair by pair,
    /// but on bits: once every rule's movers are counted, a row of pairs (one fact with each later one) is
    /// taken a word of 64 at a time, and only the pairs that can matter, or that need a rule asked of both
    /// facts (`pairMove`, which counts), are visited; the others cost nothing, as they did.
    mutating func pairs(reaching level: Int, limit: Int) -> [ScoredResult.Change] {
        countUntried()
        preparePairs()
        let facts = factsThatMatter(for: level)
        let raising = level > outcome
        let rules = ruleSet.rules.indices.filter { i in
            raising
                ? ruleSet.rules[i].level == level : ruleSet.rules[i].level > level && ruleValues[i] == .yes
        }
        guard rules.count <= 64 else { return pairsRuleByRule(facts, rules, raising: raising, level, limit: limit) }
        let n = facts.count
        let reads = parts.reads
        // In the search's buffers (`SearchBuffers.position` and the filter's arrays), reset for this level.
        SearchBuffers.reset(&buffers.position, to: -1, count: base.count)
        for (p, f) in facts.enumerated() { buffers.position[f] = p }
        // Per fact of `facts` (by position), as bits of `rules`: the rules it can move alone and those that read
        // it. Every rule's movers are found now; finding them is counted where the filter before issue 25 first
        // looked at the rule (`pending`: the rules not yet counted).
        SearchBuffers.reset(&buffers.filterAlone, to: 0, count: n)
        SearchBuffers.reset(&buffers.filterRead, to: 0, count: n)
        var pending: UInt64 = 0
        for (k, r) in rules.enumerated() {
            let bit: UInt64 = 1 << UInt64(k)
            if buffers.moverCosts[r] < 0 { findMovers(r) }
            if !buffers.moversKnown[r] { pending |= bit }
            for f in buffers.aloneMovers[r] where buffers.position[f] >= 0 {
                buffers.filterAlone[buffers.position[f]] |= bit
            }
            for f in reads.ruleReads[r] where buffers.position[f] >= 0 {
                buffers.filterRead[buffers.position[f]] |= bit
            }
        }
        SearchBuffers.reset(&buffers.throughCaps, to: false, count: n)
        for (p, f) in facts.enumerated() where capFacts.contains(f) { buffers.throughCaps[p] = true }
        let filter = PairFilter(
            rules: rules, alone: buffers.filterAlone, read: buffers.filterRead, throughCaps: buffers.throughCaps,
            raising: raising, all: rules.count == 64 ? ~0 : (1 << UInt64(rules.count)) - 1)
        var columns: PairColumns?
        // The facts that cannot help a fact that cannot give the level either (`isHopeless`).
        var unhelpfulMade = false
        var out: [ScoredResult.Change] = []
        // Held here and passed down, so that `tryPair` and `mayReach` read it without holding it themselves.
        let parts = self.parts
        // What `mayReach` asks of the row's fact, found when the row has a pair to try.
        var row = PairRow.unset
        for i in facts.indices {
            let a = facts[i]
            if pending == 0 {
                // Every rule's movers counted: the row a word at a time.
                let c = columns ?? PairColumns(filter, &buffers)
                columns = c
                // No pair of `a` with an unhelpful fact can give the level: each is tried in vain (asked once the
                // row has a pair to visit).
                var hopeless: Bool?
                for w in ((i + 1) >> 6)..<c.words {
                    let (visit, asked) = c.row(i, word: w, filter)
                    if visit == 0 { continue }
                    if hopeless == nil {
                        row = PairRow(a, level, parts)
                        hopeless = isHopeless(a, level, facts, &unhelpfulMade)
                    }
                    let vain = hopeless == true ? buffers.unhelpful[w] : 0
                    var bits = visit
                    while bits != 0 {
                        let j = w << 6 | bits.trailingZeroBitCount
                        let bit: UInt64 = 1 << UInt64(j & 63)
                        bits &= bits - 1
                        if evaluations >= Counterfactuals.pairBudget { return out }
                        let b = facts[j]
                        if asked & bit != 0 && !passes(i, j, a, b, filter, &pending) { continue }
                        if vain & bit != 0 {
                            countInVain(a, b)
                            continue
                        }
                        if let change = tryPair(row, b, reaching: level, parts), Self.collect(change, &out, limit) {
                            return out
                        }
                    }
                }
                continue
            }
            row = PairRow(a, level, parts)
            var hopeless: Bool?
            for j in (i + 1)..<n {
                if evaluations >= Counterfactuals.pairBudget { return out }
                let b = facts[j]
                guard passes(i, j, a, b, filter, &pending) else { continue }
                // As a word at a time: a pair of a hopeless row's fact with an unhelpful one is tried in vain.
                if hopeless == nil { hopeless = isHopeless(a, level, facts, &unhelpfulMade) }
                if hopeless == true && buffers.unhelpful[j >> 6] & (1 << UInt64(j & 63)) != 0 {
                    countInVain(a, b)
                    continue
                }
                if let change = tryPair(row, b, reaching: level, parts), Self.collect(change, &out, limit) {
                    return out
                }
            }
        }
        return out
    }

    /// Whether no pair of `a` with a fact that cannot give `level` either (`unhelpful`, made here the first time
    /// it is needed) can give it, so that each such pair is tried in vain, as `mayReach` would find: `a` is
    /// summarised, the rules that fire and do not read it are above the level, and the caps that hold and do
    /// not read it are above the level too (or none holds). Then, with a fact `b` that reads no rule firing
    /// above the level and no cap at the level, the rules above the level that fire still fire, and a cap at
    /// the level that holds would have to read `a` (one that reads neither holds already, and the caps that hold
    /// and do not read `a` are above the level): the outcome is the level only if a cap at the level that reads
    /// `a` can hold. None can when no cap at the level reads `a`, or when none of those can hold with `a`
    /// unknown (`b` they do not read; Kleene logic is monotone, so no value of `a` makes them hold).
    private mutating func isHopeless(_ a: Int, _ level: Int, _ facts: [Int], _ unhelpfulMade: inout Bool) -> Bool {
        let parts = self.parts
        guard parts.summarised(a), parts.baseBest(excluding: a) > level, parts.baseHeld(excluding: a) > level else {
            return false
        }
        if parts.reads.capLevels[a].contains(level) && capMayHold(at: level, reading: a) { return false }
        if !unhelpfulMade {
            Self.unhelpful(facts, level, parts, into: &buffers.unhelpful)
            unhelpfulMade = true
        }
        return true
    }

    /// Whether a cap at `level` that reads `a` holds, or could hold, with `a` unknown (one probe).
    private mutating func capMayHold(at level: Int, reading a: Int) -> Bool {
        let caps = parts.reads.caps[a]
        let capLevel = parts.reads.capLevel
        return probing(unknown: a) { probe in caps.contains { capLevel[$0] == level && probe.capMayHold($0) } }
    }

    /// The level's facts (by position, 64 a word) that cannot give `level` with a fact that cannot either (see
    /// `isHopeless`): summarised, read by no cap at the level, reading no rule that fires above the level.
    /// (Static: called from `isHopeless`, which holds `self` mutably, a method would copy the whole search.)
    /// Written into `out` (`SearchBuffers.unhelpful`, for the level being searched), in its storage.
    private static func unhelpful(_ facts: [Int], _ level: Int, _ parts: OutcomeParts, into out: inout [UInt64]) {
        SearchBuffers.reset(&out, to: 0, count: (facts.count + 63) >> 6)
        guard parts.levelsFit, parts.reads.capFactsAt.indices.contains(level) else { return }
        var helpful = parts.readByFiring(above: level)
        helpful.formUnion(parts.reads.capFactsAt[level])
        helpful.formUnion(parts.reads.wide)
        for (p, f) in facts.enumerated() where !helpful.contains(f) { out[p >> 6] |= 1 << UInt64(p & 63) }
    }

    /// The filter of the search before issue 25 for the pair at `i`, `j` of the level's facts: `canMove` rule by
    /// rule, each rule asked in turn until one settles whether the pair can matter (see `settles`), worked on
    /// bits. Only the rules that read both facts and that neither moves alone are asked of the pair
    /// (`pairMove`, which counts), in the order the loop asked them, up to where it stopped; the rules it
    /// reached whose movers are not yet counted (`pending`) are counted now, as the loop found them there.
    @inline(__always) private mutating func passes(
        _ i: Int, _ j: Int, _ a: Int, _ b: Int, _ f: PairFilter, _ pending: inout UInt64
    ) -> Bool {
        let throughCap = f.throughCaps[i] || f.throughCaps[j]
        let moving = f.alone[i] | f.alone[j]
        let asked = f.read[i] & f.read[j] & ~moving
        // Where the loop stops at the latest: the first rule that moves alone (raising), or the first that cannot
        // move at all (lowering, unless through a cap: then it goes through every rule).
        let stop = f.raising ? moving : (throughCap ? 0 : f.all & ~(moving | asked))
        var ask: UInt64 = asked & (stop == 0 ? f.all : (stop & (~stop &+ 1)) &- 1)
        var possible = !f.raising || throughCap
        var settled = -1
        while ask != 0 {
            let k = ask.trailingZeroBitCount
            ask &= ask - 1
            let m = pairMove(f.rules[k], a, b)
            if f.raising && m || !f.raising && !m && !throughCap {
                possible = f.raising
                settled = k
                break
            }
        }
        if settled < 0 && stop != 0 {
            possible = f.raising
            settled = stop.trailingZeroBitCount
        }
        if pending != 0 {
            let reached = settled < 0 ? f.all : f.all & ((2 << UInt64(settled)) &- 1)
            var newly = pending & reached
            pending &= ~reached
            while newly != 0 {
                let k = newly.trailingZeroBitCount
                newly &= newly - 1
                learnMovers(f.rules[k])
            }
        }
        return possible
    }

    /// Tries a pair that can matter: no values of `a` and `b` can give the level (`mayReach`), and the pair
    /// is tried in vain (as `pair` counts it); else `pair`.
    @inline(__always) private mutating func tryPair(
        _ row: PairRow, _ b: Int, reaching level: Int, _ parts: OutcomeParts
    ) -> ScoredResult.Change? {
        let a = row.fact
        if mayReach(level, row, b, parts) { return pair(a, b, reaching: level, reachable: true) }
        countInVain(a, b)
        return nil
    }

    /// Adds a change found to `out`; true when it holds `limit` changes (the level's search ends).
    @inline(__always) private static func collect(
        _ change: ScoredResult.Change, _ out: inout [ScoredResult.Change], _ limit: Int
    ) -> Bool {
        if out.isEmpty { out.reserveCapacity(limit) }
        out.append(change)
        return out.count >= limit
    }

    /// Counts a pair tried in vain, as `pair` counts one that gives nothing: every pair of their values, within
    /// the budget.
    @inline(__always) private mutating func countInVain(_ a: Int, _ b: Int) {
        let remaining = Counterfactuals.pairBudget - evaluations
        if remaining > 0 { evaluations += min(valueCount(a) * valueCount(b), remaining) }
    }

    /// Whether some values of `a` and `b` could make the outcome `level` (false only when none can, so that
    /// `pair` would find nothing; true only when `OutcomeParts.pairCanReach` is): from the levels of what reads
    /// them (as `pairCanReach`), then, when no rule or cap reads both, from what each fact's values give alone
    /// (`combos`, `lows`). What it asks of `a` alone is in `row`, found once a row of pairs.
    private mutating func mayReach(_ level: Int, _ row: PairRow, _ b: Int, _ parts: OutcomeParts) -> Bool {
        let a = row.fact
        guard row.summarised, parts.summarised(b) else { return true }
        let reads = parts.reads
        let best0 = parts.baseBest(excluding: a, b, readBy: row.firing)
        let held0 = parts.baseHeld(excluding: a, b, readBy: row.holding)
        let capsOfB = reads.capLevels[b]
        let rules = row.rules | reads.ruleLevels[b]
        guard
            LevelSet.canReach(
                level, defaultLevel: parts.defaultLevel, best: best0, held: held0, rules: rules,
                caps: row.caps | capsOfB)
        else { return false }
        // Then without the caps the pair cannot make hold (asked only now: the check above is cheaper; asking
        // it alone cost the contact pools about 1% more).
        if parts.shutCaps != 0
            && !LevelSet.canReach(
                level, defaultLevel: parts.defaultLevel, best: best0, held: held0, rules: rules, caps: holdable(a, b))
        {
            return false
        }
        guard parts.gridFits, !reads.shares(a, b) else { return true }
        let width = parts.gridWidth
        if best0 > level {
            // Above the level whatever the rules do: only a cap can hold it there, the lowest of those that hold
            // (`held0` and each fact's lowest, by grid column: the level's own, or none last).
            // A fact read by no cap below the level gives the level or above whatever its value (not probed); one
            // read by no cap at the level never gives the level itself.
            if held0 < level { return false }
            let exactly: UInt64 = 1 << UInt64(level)
            let atLeast: UInt64 = ((1 << UInt64(width)) &- 1) & ~(exactly &- 1)
            let aAbove = row.noCapBelow || lows(a) & atLeast != 0
            let bAbove = capsOfB.below(level).isEmpty || lows(b) & atLeast != 0
            if held0 == level { return aAbove && bAbove }
            return aAbove && bAbove
                && (row.capAt && lows(a) & exactly != 0 || capsOfB.contains(level) && lows(b) & exactly != 0)
        }
        // As `pair`'s columns first: some value of `b` that could give the level with some value of `a`.
        let cb = combos(b) & ~Self.computed
        var column = false
        var x = cb
        while x != 0 {
            let k = x.trailingZeroBitCount
            x &= x - 1
            let best = max(best0, parts.cellBest(k))
            let held = min(held0, parts.cellHeld(k))
            if LevelSet.canReach(
                level, defaultLevel: parts.defaultLevel, best: best, held: held, rules: row.rules, caps: row.caps)
            {
                column = true
                break
            }
        }
        guard column else { return false }
        return gives(level, a, with: cb, best0: best0, held0: held0, parts)
    }

    /// Whether some value of `a`, with a value of `b` whose grid cell is in `cb` (`combos(b)`), gives `level`,
    /// `best0` and `held0` being what the rules and caps that read neither give. `a`'s values are taken in
    /// order, each probed only when those before it give nothing with `b`'s: what they give is kept
    /// (`comboBits`, `comboDone`) for the rest of the row and of the search.
    private mutating func gives(
        _ level: Int, _ a: Int, with cb: UInt64, best0: Int, held0: Int, _ parts: OutcomeParts
    ) -> Bool {
        func gives(_ cells: UInt64) -> Bool {
            var ca = cells
            while ca != 0 {
                let k = ca.trailingZeroBitCount
                ca &= ca - 1
                let bestA = max(best0, parts.cellBest(k))
                let heldA = min(held0, parts.cellHeld(k))
                var y = cb
                while y != 0 {
                    let m = y.trailingZeroBitCount
                    y &= y - 1
                    if parts.outcome(best: max(bestA, parts.cellBest(m)), held: min(heldA, parts.cellHeld(m))) == level
                    {
                        return true
                    }
                }
            }
            return false
        }
        var bits = buffers.comboBits[a]
        if gives(bits & ~Self.computed) { return true }
        if bits & Self.computed != 0 { return false }
        let count = valueCount(a)
        var i = buffers.comboDone[a]
        var found = false
        while i < count {
            let cell = parts.cell(best: parts.mostSevere(a, ruleEffect(a, i)), held: parts.lowest(a, capEffect(a, i)))
            i += 1
            if bits & cell == 0 {
                bits |= cell
                if gives(cell) {
                    found = true
                    break
                }
            }
        }
        if i == count { bits |= Self.computed }
        buffers.comboBits[a] = bits
        buffers.comboDone[a] = i
        return found
    }

    /// Marks a fact's `comboBits` and `lowBits` as computed.
    static let computed: UInt64 = 1 << 63

    /// What the candidate values of `slot` give alone, as bits of a grid: for each value, (the most severe rule
    /// of those that read it that fires, plus one; the lowest cap of those that read it that holds, the
    /// number of levels for none) at `row * gridWidth + column` (see `OutcomeParts.gridFits`).
    @inline(__always) private mutating func combos(_ slot: Int) -> UInt64 {
        let bits = buffers.comboBits[slot]
        return bits & Self.computed != 0 ? bits : makeCombos(slot)
    }

    /// `combos`, the first time (out of line, so that the look-up inlines).
    @inline(never) private mutating func makeCombos(_ slot: Int) -> UInt64 {
        let parts = self.parts
        let count = valueCount(slot)
        var bits = Self.computed
        if count > 0 {
            _ = ruleEffect(slot, count - 1)
            _ = capEffect(slot, count - 1)
        }
        for k in 0..<count {
            bits |= parts.cell(
                best: parts.mostSevere(slot, ruleEffect(slot, k)), held: parts.lowest(slot, capEffect(slot, k)))
        }
        buffers.comboBits[slot] = bits
        buffers.comboDone[slot] = count
        return bits
    }

    /// The lowest caps that the candidate values of `slot` give alone, as bits (`OutcomeParts.capColumn`).
    @inline(__always) private mutating func lows(_ slot: Int) -> UInt64 {
        let bits = buffers.lowBits[slot]
        return bits & Self.computed != 0 ? bits : makeLows(slot)
    }

    /// `lows`, the first time (out of line, as `makeCombos`).
    @inline(never) private mutating func makeLows(_ slot: Int) -> UInt64 {
        let parts = self.parts
        let count = valueCount(slot)
        var bits = Self.computed
        if parts.reads.caps[slot].isEmpty {
            if count > 0 { bits |= 1 << UInt64(parts.gridWidth - 1) }
        } else if count > 0 {
            _ = capEffect(slot, count - 1)
            for k in 0..<count { bits |= 1 << UInt64(parts.capColumn(parts.lowest(slot, capEffect(slot, k)))) }
        }
        buffers.lowBits[slot] = bits
        return bits
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
                if let change = pair(a, b, reaching: level), Self.collect(change, &out, limit) { return out }
            }
        }
        return out
    }

    /// Whether changing facts `a` and `b` could move rule `r` off its current value. Kleene logic is monotone:
    /// if the rule keeps its value (yes, or no) with both facts unknown, no values of them can change it.
    /// Checked for each fact alone first (cached), then for the pair when both are read by the rule.
    private mutating func canMove(_ r: Int, _ a: Int, _ b: Int) -> Bool {
        learnMovers(r)
        if buffers.aloneMovers[r].contains(a) || buffers.aloneMovers[r].contains(b) { return true }
        guard parts.reads.ruleReads[r].contains(a), parts.reads.ruleReads[r].contains(b) else { return false }
        return pairMove(r, a, b)
    }

    /// Whether facts `a` and `b` together can move rule `r`, which reads both and neither moves alone (cached;
    /// out of line, so that the walk over the pairs that calls it stays small enough to be compiled whole).
    @inline(never) private mutating func pairMove(_ r: Int, _ a: Int, _ b: Int) -> Bool {
        let key = (r * base.count + a) * base.count + b  // a, b < base.count
        if let m = buffers.pairMoves[key] { return m }
        let m = moves(r, unknown: a, b)
        buffers.pairMoves.insert(key, m)
        return m
    }

    /// Makes room for the rules' movers and the facts' grids (once a search).
    private mutating func preparePairs() {
        guard !pairsPrepared else { return }
        pairsPrepared = true
        let rules = ruleSet.rules.count
        SearchBuffers.reset(&buffers.moverCosts, to: -1, count: rules)
        SearchBuffers.reset(&buffers.moversKnown, to: false, count: rules)
        // Each rule's entry is written (`findMovers`) before it is read, so only the size is set.
        if buffers.aloneMovers.count != rules { SearchBuffers.reset(&buffers.aloneMovers, to: FactSet(), count: rules) }
        SearchBuffers.reset(&buffers.comboBits, to: 0, count: base.count)
        SearchBuffers.reset(&buffers.comboDone, to: 0, count: base.count)
        SearchBuffers.reset(&buffers.lowBits, to: 0, count: base.count)
        buffers.pairMoves.removeAll()
    }

    /// The movers of rule `r`, found if they are not yet and counted if they are not yet (where the search
    /// before issue 25 found them).
    private mutating func learnMovers(_ r: Int) {
        if buffers.moverCosts[r] < 0 { findMovers(r) }
        if !buffers.moversKnown[r] {
            evaluations += buffers.moverCosts[r]
            buffers.moversKnown[r] = true
        }
    }

    /// Finds the facts that can move rule `r` on their own, and what finding them costs (an evaluation a fact
    /// read, none when the rule is unknown); not counted (see `learnMovers`).
    private mutating func findMovers(_ r: Int) {
        var alone = FactSet()
        var cost = 0
        let counted = ruleValues[r] != .unknown
        for slot in ruleSet.rules[r].factsRead where slot < base.count {
            if counted { cost += 1 }
            if leaves(r, unknown: slot) { alone.insert(slot) }
        }
        buffers.aloneMovers[r] = alone
        buffers.moverCosts[r] = cost
    }

    /// Whether rule `r` leaves its current value when these facts become unknown (counted as an evaluation).
    private mutating func moves(_ r: Int, unknown a: Int, _ b: Int) -> Bool {
        if ruleValues[r] != .unknown { evaluations += 1 }
        return leaves(r, unknown: a, b)
    }

    /// Whether rule `r` leaves its current value when facts `a` (and `b`, unless -1) become unknown.
    private mutating func leaves(_ r: Int, unknown a: Int, _ b: Int = -1) -> Bool {
        let now = ruleValues[r]
        if now == .unknown { return true }
        return probing(unknown: a, b) { $0.rule(r) } != now
    }

    /// `body`'s answer over the search's facts with `a` (and `b`, unless -1) unknown.
    @inline(__always) mutating func probing<T>(
        unknown a: Int, _ b: Int = -1, _ body: (EvaluationProbe) -> T
    ) -> T {
        buffers.work[a] = nil
        if b >= 0 { buffers.work[b] = nil }
        let t = evaluator.probing(buffers.work, body)
        buffers.work[a] = base[a]
        if b >= 0 { buffers.work[b] = base[b] }
        return t
    }
}

/// What `Search.mayReach` asks of a pair's first fact, found once for a row of pairs (the fact with each later
/// one of the level's) instead of once a pair.
struct PairRow {
    let fact: Int
    /// `OutcomeParts.summarised(fact)`.
    let summarised: Bool
    /// Which of the rules that fire, and of the caps that hold, read the fact (`OutcomeParts.firingBits`).
    let firing: UInt64
    let holding: UInt64
    /// The levels of the rules and of the caps that read the fact.
    let rules: LevelSet
    let caps: LevelSet
    /// No cap below the level reads the fact; a cap at the level reads it.
    let noCapBelow: Bool
    let capAt: Bool

    /// For a fact of the rule set (`fact` < its number of facts).
    @inline(__always) init(_ fact: Int, _ level: Int, _ parts: OutcomeParts) {
        let reads = parts.reads
        let caps = reads.capLevels[fact]
        self.init(
            fact: fact, summarised: parts.summarised(fact), firing: parts.firingBits(fact),
            holding: parts.holdingBits(fact), rules: reads.ruleLevels[fact], caps: caps,
            noCapBelow: caps.below(level).isEmpty, capAt: caps.contains(level))
    }

    private init(
        fact: Int, summarised: Bool, firing: UInt64, holding: UInt64, rules: LevelSet, caps: LevelSet,
        noCapBelow: Bool, capAt: Bool
    ) {
        self.fact = fact
        self.summarised = summarised
        self.firing = firing
        self.holding = holding
        self.rules = rules
        self.caps = caps
        self.noCapBelow = noCapBelow
        self.capAt = capAt
    }

    /// No row yet (no fact: `mayReach` is not asked of it).
    static let unset = PairRow(
        fact: -1, summarised: false, firing: 0, holding: 0, rules: .none, caps: .none, noCapBelow: true, capAt: false)
}

/// The pair filter's bits for one level (see `Search.pairs`): per fact of the level's facts (by position), as
/// bits of `rules`, the rules it can move alone and those that read it, and whether a cap reads it.
struct PairFilter {
    let rules: [Int]
    let alone: [UInt64]
    let read: [UInt64]
    let throughCaps: [Bool]
    let raising: Bool
    /// A bit for each of `rules`.
    let all: UInt64
}

/// The same bits turned about, for walking a row of pairs a word at a time: per rule, the facts (positions,
/// 64 a word) that move it alone and those that read it; the facts a cap reads, and those that move some rule
/// alone.
struct PairColumns {
    let words: Int
    private let count: Int
    private let alone: [UInt64]
    private let read: [UInt64]
    private let caps: [UInt64]
    private let anyAlone: [UInt64]

    /// Built in `buffers`' arrays (`SearchBuffers.columnAlone` and the rest), reset for this level.
    init(_ f: PairFilter, _ buffers: inout SearchBuffers) {
        count = f.alone.count
        let words = (count + 63) >> 6
        self.words = words
        SearchBuffers.reset(&buffers.columnAlone, to: 0, count: f.rules.count * words)
        SearchBuffers.reset(&buffers.columnRead, to: 0, count: f.rules.count * words)
        SearchBuffers.reset(&buffers.columnCaps, to: 0, count: words)
        SearchBuffers.reset(&buffers.columnAnyAlone, to: 0, count: words)
        for p in 0..<count {
            let bit: UInt64 = 1 << UInt64(p & 63)
            let w = p >> 6
            if f.throughCaps[p] { buffers.columnCaps[w] |= bit }
            if f.alone[p] != 0 { buffers.columnAnyAlone[w] |= bit }
            var k = f.alone[p]
            while k != 0 {
                buffers.columnAlone[k.trailingZeroBitCount * words + w] |= bit
                k &= k - 1
            }
            k = f.read[p]
            while k != 0 {
                buffers.columnRead[k.trailingZeroBitCount * words + w] |= bit
                k &= k - 1
            }
        }
        alone = buffers.columnAlone
        read = buffers.columnRead
        caps = buffers.columnCaps
        anyAlone = buffers.columnAnyAlone
    }

    /// Of the pairs of the fact at `i` with the later facts in word `w`: those to visit (they can matter, or a
    /// rule reads both, so that the filter must ask: `asked`), as bits of the word.
    @inline(__always) func row(_ i: Int, word w: Int, _ f: PairFilter) -> (visit: UInt64, asked: UInt64) {
        var asked: UInt64 = 0
        var k = f.read[i]
        while k != 0 {
            asked |= read[k.trailingZeroBitCount * words + w]
            k &= k - 1
        }
        // Without a rule asked of both: raising, the pair can matter when one of them moves a rule alone (or a
        // cap reads one); lowering, when between them they move every rule alone (or a cap reads one).
        var possible: UInt64
        if f.throughCaps[i] {
            possible = ~0
        } else if f.raising {
            possible = f.alone[i] != 0 ? ~0 : anyAlone[w] | caps[w]
        } else {
            possible = ~0
            var need = f.all & ~f.alone[i]
            while need != 0 {
                possible &= alone[need.trailingZeroBitCount * words + w]
                need &= need - 1
            }
            possible |= caps[w]
        }
        var mask: UInt64 = ~0
        if w == (i + 1) >> 6 { mask = ~0 << UInt64((i + 1) & 63) }
        let end = count - (w << 6)
        if end < 64 { mask &= (1 << UInt64(end)) &- 1 }
        return ((possible | asked) & mask, asked & mask)
    }
}
