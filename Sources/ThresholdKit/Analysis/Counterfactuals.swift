/// Counterfactual explanations: the smallest changes of facts that would give another outcome — "it would be
/// red if missing_episodes were 3 (now 2)".
///
/// For each level other than the current outcome, the search tries one fact at a time over the values the
/// rules care about (see `CandidateValues`). A level no single change reaches is tried with pairs of facts,
/// restricted to facts that can matter for that level and bounded by an evaluation budget. Results are
/// deterministic: levels most severe first; within a level, changes to unknown facts first (answering an open
/// question), then to known facts, in declaration order.
///
/// A change is not scored by evaluating the whole rule set again: only the rules and caps that read a changed
/// fact can move, so each candidate value is probed on those alone, once, and outcomes are put together from
/// what the evaluation already decided (see `Search+Outcomes.swift`). A fact that cannot give any level still
/// wanted is not tried at all. The budget counts what trying every candidate would have cost, so the changes
/// found are the ones every candidate tried in turn would give, in the same order.
///
/// ```swift
/// let scoring = Scoring(ruleSet)
/// var result = scoring.score(scenario)
/// result.changes = Counterfactuals.changes(for: result, scoring: scoring)   // "would be red if …" lines
/// print(TextResultRenderer(detail: .full).render(result))
/// ```
public enum Counterfactuals {
    /// At most this many changes are reported per level.
    static let perLevel = 3
    /// At most this many re-evaluations are spent on pairs in one call.
    static let pairBudget = 20_000

    /// Changes that would make the outcome each other reachable level (more or less severe).
    public static func changes(for result: ScoredResult, scoring: Scoring) -> [ScoredResult.Change] {
        let rs = result.ruleSet
        return EvaluatorPool.shared.with(rs) { evaluator in
            var search = Search(result, evaluator)
            var wanted = LevelSet.none
            for level in rs.levels.indices where level != result.outcome { wanted.insert(level) }
            let singles = search.singles(wanted: wanted, limit: perLevel)
            var out: [ScoredResult.Change] = []
            out.reserveCapacity(perLevel * rs.levels.count)
            for level in rs.levels.indices.reversed() where level != result.outcome {
                if !singles[level].isEmpty {
                    for setting in singles[level].prefix(perLevel) {
                        out.append(ScoredResult.Change(set: [setting], outcome: level))
                    }
                } else {
                    out += search.pairs(reaching: level, limit: perLevel)
                }
            }
            search.recycle()
            return out
        }
    }

    /// Changes that would make the outcome exactly `level` (for the REPL's `why not LEVEL`); empty when it is
    /// the outcome already or no change of one or two facts reaches it.
    static func changes(
        toReach level: Int, for result: ScoredResult, scoring: Scoring,
        limit: Int = perLevel
    ) -> [ScoredResult.Change] {
        guard result.ruleSet.levels.indices.contains(level), level != result.outcome else { return [] }
        return EvaluatorPool.shared.with(result.ruleSet) { evaluator in
            var search = Search(result, evaluator)
            defer { search.recycle() }
            let found = search.singles(wanted: LevelSet(level), limit: max(1, limit))[level]
            if !found.isEmpty {
                return found.prefix(limit).map { ScoredResult.Change(set: [$0], outcome: level) }
            }
            return search.pairs(reaching: level, limit: limit)
        }
    }

    /// Changes of one fact (or two, where one is not enough) that would make rule `rule` fire, each with the
    /// outcome it would give (for the REPL's `why not RULE`). Empty when the rule fires already.
    static func changes(
        toFire rule: Int, for result: ScoredResult, scoring: Scoring,
        limit: Int = perLevel
    ) -> [ScoredResult.Change] {
        let rs = result.ruleSet
        guard rs.rules.indices.contains(rule), result.evaluation.rules[rule] != .yes else { return [] }
        return EvaluatorPool.shared.with(rs) { evaluator in
            var search = Search(result, evaluator)
            defer { search.recycle() }
            return search.firing(rule, limit: limit)
        }
    }
}

/// One counterfactual search over one result's facts.
struct Search {
    typealias Setting = (slot: Int, value: FactValue?)

    let ruleSet: RuleSet
    let candidates: CandidateValues
    /// What the evaluation decided, and what each fact can move (immutable, shared by reference).
    let parts: OutcomeParts
    let evaluator: Evaluator
    let base: FactVector
    /// Scratch copies of the facts for re-scoring whole (`outcome`).
    private var scratch: ScratchFacts
    /// Of the result searched: its outcome, what each rule gave and the scores (not the whole result, whose
    /// every array a search would retain and release).
    let outcome: Int
    let ruleValues: [Tri]
    let scores: [Evaluation.ScoreState]
    /// The search's arrays (the order of the facts, their candidates, the probed effects, the pair search's
    /// memos), taken from `SearchBuffers.pool` and given back by `recycle`; see `SearchBuffers` for each.
    var buffers: SearchBuffers
    /// Whether `moverCosts` to `lowBits` and `pairMoves` are made ready for this search (`preparePairs`).
    var pairsPrepared = false
    /// The facts the caps read: a pair with one of them may move the outcome through a cap, whatever the rules do.
    let capFacts: FactSet
    /// What trying the candidates one after another would have cost, in evaluations (the pair budget's
    /// measure); counted whether or not each was in fact evaluated.
    var evaluations = 0

    /// `result` is borrowed: an initialiser takes its arguments owned, so the result was copied (each of its
    /// arrays retained, then released) only to be read.
    init(_ result: borrowing ScoredResult, _ evaluator: Evaluator) {
        outcome = result.outcome
        ruleValues = result.evaluation.rules
        scores = result.evaluation.scores
        self.evaluator = evaluator
        ruleSet = result.ruleSet
        candidates = CandidateValues.forRuleSet(result.ruleSet)
        var facts = result.evaluation.facts
        if facts.count < ruleSet.facts.count {
            facts += Array(repeating: nil, count: ruleSet.facts.count - facts.count)
        }
        base = facts
        scratch = ScratchFacts(facts)
        var b = SearchBuffers.pool.take()
        parts = OutcomeParts(result, reads: candidates.reads, storage: &b.parts)
        capFacts = parts.reads.capFacts
        // The arrays of an earlier search, reset (see `SearchBuffers`); those of the pair search when it starts.
        let n = facts.count
        SearchBuffers.reset(&b.options, to: nil, count: n)
        SearchBuffers.reset(&b.counts, to: -1, count: n)
        SearchBuffers.reset(&b.effectStart, to: -1, count: n)
        SearchBuffers.reset(&b.probed, to: 0, count: 2 * n)
        SearchBuffers.reset(&b.stuck, to: 0, count: n)
        b.effects.removeAll(keepingCapacity: true)
        b.uncounted.removeAll(keepingCapacity: true)
        SearchBuffers.copy(facts, into: &b.work)
        // An open question that cannot apply to this child (`asked when` is no) is not suggested.
        b.order.removeAll(keepingCapacity: true)
        var tools = MayApply(parts.reads, facts, evaluator, storage: &b.askedNo)
        for slot in candidates.relevant where slot < n && facts[slot] == nil && tools.mayApply(slot) {
            b.order.append(slot)
        }
        tools.giveBack(&b.askedNo)
        for slot in candidates.relevant where slot < n && facts[slot] != nil { b.order.append(slot) }
        // Moved in, not copied (a copy would retain every array, and the end of `b` release them again).
        buffers = consume b
    }

    /// Gives this search's arrays back for the next search (`SearchBuffers`); the search is not used after.
    mutating func recycle() {
        buffers.parts = parts.storage()
        SearchBuffers.pool.give(&buffers)
    }

    /// The candidate values of a fact, best first (computed once per search; the look-up inlines).
    @inline(__always) mutating func values(_ slot: Int) -> [FactValue] {
        if let v = buffers.options[slot] { return v }
        return makeValues(slot)
    }

    /// `values`, the first time (out of line).
    @inline(never) private mutating func makeValues(_ slot: Int) -> [FactValue] {
        let v = candidates.values(for: slot, current: base[slot], scores: scores)
        buffers.options[slot] = v
        buffers.counts[slot] = v.count
        return v
    }

    /// How many candidate values a fact has (counted without ranking them when they are not needed; once they
    /// are ranked, their number); counted once per search, and the look-up inlines.
    @inline(__always) mutating func valueCount(_ slot: Int) -> Int {
        let known = buffers.counts[slot]
        return known >= 0 ? known : countValues(slot)
    }

    /// `valueCount`, the first time (out of line).
    @inline(never) private mutating func countValues(_ slot: Int) -> Int {
        let n: Int
        if candidates.unknownCounts[slot] >= 0, case .none = base[slot] {
            n = candidates.unknownCounts[slot]  // an unknown fact whose values the rule set fixes
        } else {
            n = candidates.count(for: slot, current: base[slot], scores: scores)
        }
        buffers.counts[slot] = n
        return n
    }

    /// The outcome with these facts changed, the whole rule set evaluated again.
    mutating func outcome(_ changes: [(Int, FactValue)]) -> Int {
        evaluations += 1
        return scratch.evaluate(changes.map { ($0.0, Optional($0.1)) }) { evaluator.outcomeLevel($0) }
    }

    /// The changes of one fact that reach the outcomes in `wanted`, by level (empty for the others), with the
    /// best value per fact, facts in search order, at most `limit` a level (the first found). Trying every
    /// candidate of every fact would give the same changes: a fact is tried only while it could still give a
    /// wanted level it has not given, and the search ends when every wanted level has `limit` changes.
    mutating func singles(wanted: LevelSet, limit: Int) -> [[Setting]] {
        // Held here, so that the loop reads it without retaining it each time.
        let parts = self.parts
        guard parts.levelsFit else { return everySingle() }
        var found = [[Setting]](repeating: [], count: ruleSet.levels.count)
        var open = wanted.subtracting(LevelSet(outcome))
        for (i, slot) in buffers.order.enumerated() {
            if open.isEmpty {
                buffers.uncounted += buffers.order[i...]
                break
            }
            var needed = parts.reachable(open, by: slot, caps: parts.reads.capLevels[slot])
            // Then without the caps it cannot make hold (asked only now, as in `mayReach`).
            if !needed.isEmpty && parts.shutCaps != 0 {
                needed = parts.reachable(open, by: slot, caps: holdable(slot))
            }
            if needed.isEmpty {
                buffers.uncounted.append(slot)
                continue
            }
            let candidates = values(slot)
            for k in candidates.indices {
                let o = single(slot, k)
                guard needed.contains(o) else { continue }
                needed = needed.subtracting(LevelSet(o))
                found[o].append((slot, candidates[k]))
                if found[o].count >= limit { open = open.subtracting(LevelSet(o)) }
                if needed.isEmpty {
                    evaluations += candidates.count - k - 1
                    break
                }
            }
        }
        return found
    }

    /// Every outcome one change reaches, every candidate scored whole (a rule set of more than 63 levels).
    private mutating func everySingle() -> [[Setting]] {
        var found = [[Setting]](repeating: [], count: ruleSet.levels.count)
        for slot in buffers.order {
            var seen = Set<Int>()
            for v in values(slot) {
                let o = outcome([(slot, v)])
                guard o != outcome, seen.insert(o).inserted else { continue }
                found[o].append((slot, v))
            }
        }
        return found
    }

    /// Counts the candidates the single-change search did not try (the pair budget counts them).
    mutating func countUntried() {
        for i in buffers.uncounted.indices { evaluations += valueCount(buffers.uncounted[i]) }
        buffers.uncounted.removeAll(keepingCapacity: true)
    }

    /// The facts read by rules at `level` or above, or by caps, in search order: only these can decide whether
    /// the outcome is that level.
    func factsThatMatter(for level: Int) -> [Int] {
        let read = parts.reads.deciding[level]
        var out: [Int] = []
        out.reserveCapacity(buffers.order.count)
        for slot in buffers.order where read.contains(slot) { out.append(slot) }
        return out
    }

    /// Changes of one fact, or else two, that make `rule` fire.
    mutating func firing(_ rule: Int, limit: Int) -> [ScoredResult.Change] {
        let target = ruleSet.rules[rule]
        let read = Set(target.factsRead)
        let facts = buffers.order.filter { read.contains($0) }
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

/// Two scratch copies of a fact vector, used in turn. The evaluator keeps a reference to the facts it last
/// evaluated, so changing that copy would copy it; the other copy is free to change (no allocation), and a
/// copy's previous changes are undone only when it is next used, by which time the evaluator has let go of it.
struct ScratchFacts {
    /// Made on first use (a search may never score a change whole).
    private var buffers: [FactVector] = []
    private var pending: [[Int]] = []
    private var next = 0
    private let base: FactVector

    init(_ base: FactVector) { self.base = base }

    /// Runs `body` on the base facts with `changes` applied.
    mutating func evaluate<T>(_ changes: [(Int, FactValue?)], _ body: (FactVector) -> T) -> T {
        if buffers.isEmpty {
            buffers = [base, base]
            pending = [[], []]
        }
        let i = next
        next = 1 - next
        for slot in pending[i] { buffers[i][slot] = base[slot] }
        for (slot, value) in changes { buffers[i][slot] = value }
        pending[i] = changes.map(\.0)
        return body(buffers[i])
    }
}
