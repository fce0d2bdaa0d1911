/// Checks the `expect` clauses of a scenario against its scored result.
///
/// Each clause is judged on the result alone (no re-evaluation):
/// - `outcome L` / `outcome at least L` / `outcome at most L`: the outcome level.
/// - `fired R` / `not fired R`: whether the rule's condition is yes.
/// - `score S = N` / `score S between A and B`: the score's known total.
/// - `score S is B` / `is at least B` / `is at most B`: the score's band (after floors).
/// - `advice A` / `no advice A`: whether the advice is given.
/// - `missing F`: whether F is listed as missing information.
/// - `due D`: the computed due time; fails when no due time is computed.
struct ExpectationChecker {
    let ruleSet: RuleSet

    init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// True when the clause holds for the result. Cheap: builds no text.
    func passes(_ e: CheckedExpectation, _ r: ScoredResult) -> Bool {
        let ev = r.evaluation
        switch e {
        case .outcome(let test, let level):
            return Self.rank(ev.outcome, test, level)
        case .fired(let rule, let negated):
            guard ev.rules.indices.contains(rule) else { return false }
            return (ev.rules[rule] == .yes) != negated
        case .scoreEquals(let s, let n):
            guard let st = state(s, ev) else { return false }
            return st.total == n
        case .scoreBetween(let s, let a, let b):
            guard let st = state(s, ev) else { return false }
            return a <= st.total && st.total <= b
        case .scoreBand(let s, let test, let band):
            guard let st = state(s, ev) else { return false }
            return Self.rank(ruleSet.scores[s].reportedBand(st, status: ruleSet.scores[s].status(ev.facts)), test, band)
        case .advice(let a, let negated):
            guard ev.advice.indices.contains(a) else { return false }
            return ev.advice[a] != negated
        case .missing(let fact):
            return listed(fact, r)
        case .notMissing(let fact):
            return !listed(fact, r)
        case .missingTool(let s, let negated):
            return r.missing.contains { $0.tool == s } != negated
        case .missingBefore(let a, let b):
            guard let x = position(a, r), let y = position(b, r) else { return false }
            return x < y
        case .undetermined(let rule, let negated):
            return r.undetermined.contains { $0.rule == rule } != negated
        case .scoreStatus(let s, let status):
            guard s < ruleSet.scores.count else { return false }
            return ruleSet.scores[s].status(ev.facts) == status
        case .due(let d):
            return ev.due == d
        case .noDue:
            return ev.due == nil
        case .capped(let level):
            guard let level else { return ev.cap == nil }
            return ev.cap != nil && ev.outcome == level
        case .settled(let settled):
            return r.settled == settled
        case .scoreSettled(let s, let settled):
            return bandSettled(s, ev) == settled
        }
    }

    /// The verdict on one clause, with what was expected and what happened in words.
    func check(_ located: LocatedExpectation, against r: ScoredResult) -> ExpectationCheck {
        let e = located.expectation
        let passed = passes(e, r)
        let expected = expectedText(e)
        let (actual, joiner) = actualText(e, r)
        let message = passed ? "\(expected): as expected" : "expected \(expected), \(joiner) \(actual)"
        return ExpectationCheck(
            expectation: located, passed: passed, expected: expected, actual: actual, message: message)
    }

    /// The checks of every clause of a scenario, in the order written.
    func check(_ s: Scenario, against r: ScoredResult) -> [ExpectationCheck] {
        s.expectations.map { check($0, against: r) }
    }

    /// The clause in canonical form: `outcome at least amber`, `score cce between 5 and 9`.
    func expectedText(_ e: CheckedExpectation) -> String {
        switch e {
        case .outcome(let test, let level):
            return "outcome " + Self.rankWords(test) + levelName(level)
        case .fired(let rule, let negated):
            return (negated ? "not fired " : "fired ") + ruleName(rule)
        case .scoreEquals(let s, let n):
            return "score \(scoreName(s)) = \(n)"
        case .scoreBetween(let s, let a, let b):
            return "score \(scoreName(s)) between \(a) and \(b)"
        case .scoreBand(let s, let test, let band):
            return "score \(scoreName(s)) is " + (test == .exactly ? "" : Self.rankWords(test)) + bandName(s, band)
        case .advice(let a, let negated):
            return (negated ? "no advice " : "advice ") + adviceName(a)
        case .missing(let fact):
            return "missing " + factName(fact)
        case .notMissing(let fact):
            return "not missing " + factName(fact)
        case .missingTool(let s, let negated):
            return (negated ? "not missing " : "missing ") + scoreName(s)
        case .missingBefore(let a, let b):
            return "missing \(itemName(a)) before \(itemName(b))"
        case .undetermined(let rule, let negated):
            return (negated ? "not undetermined " : "undetermined ") + ruleName(rule)
        case .scoreStatus(let s, let status):
            return "score \(scoreName(s)) \(status.words)"
        case .due(let d):
            return "due \(d)"
        case .noDue:
            return "no due"
        case .capped(let level):
            return level.map { "capped at " + levelName($0) } ?? "not capped"
        case .settled(let settled):
            return settled ? "settled" : "provisional"
        case .scoreSettled(let s, let settled):
            return "score \(scoreName(s)) \(settled ? "settled" : "unsettled")"
        }
    }

    // MARK: Comparisons

    /// `value` compared with `target` by the rank test (levels and bands are ordered by index).
    static func rank(_ value: Int, _ test: RankTest, _ target: Int) -> Bool {
        switch test {
        case .exactly: return value == target
        case .atLeast: return value >= target
        case .atMost: return value <= target
        }
    }

    /// `at least `, `at most ` or nothing.
    static func rankWords(_ test: RankTest) -> String {
        switch test {
        case .exactly: return ""
        case .atLeast: return "at least "
        case .atMost: return "at most "
        }
    }

    /// Whether score `s`'s band is settled: no band other than the reported one is still possible.
    func bandSettled(_ s: Int, _ ev: Evaluation) -> Bool {
        guard let st = state(s, ev), s < ruleSet.scores.count else { return false }
        let score = ruleSet.scores[s]
        return score.couldReach(st, status: score.status(ev.facts)) == 0
    }

    func state(_ score: Int, _ ev: Evaluation) -> Evaluation.ScoreState? {
        ev.scores.indices.contains(score) ? ev.scores[score] : nil
    }

    // MARK: Names (indices come from the same rule set, but never trap on a stray one)

    func levelName(_ i: Int) -> String { ruleSet.levels.indices.contains(i) ? ruleSet.levels[i].name : "level #\(i)" }
    func ruleName(_ i: Int) -> String { ruleSet.rules.indices.contains(i) ? ruleSet.rules[i].name : "rule #\(i)" }
    func scoreName(_ i: Int) -> String { ruleSet.scores.indices.contains(i) ? ruleSet.scores[i].name : "score #\(i)" }
    func adviceName(_ i: Int) -> String { ruleSet.advice.indices.contains(i) ? ruleSet.advice[i].name : "advice #\(i)" }
    func factName(_ i: Int) -> String { ruleSet.facts.indices.contains(i) ? ruleSet.facts[i].name : "fact #\(i)" }
    func bandName(_ s: Int, _ b: Int) -> String { ruleSet.scores.indices.contains(s) ? ruleSet.bandName(s, b) : "none" }
}

extension ExpectationChecker {
    /// True when fact `f` is listed as missing information, on its own or as a question of a tool listed
    /// as one line (not started).
    func listed(_ f: Int, _ r: ScoredResult) -> Bool {
        r.missing.contains { m in
            m.fact == f
                || (m.tool.map { $0 < ruleSet.scores.count && ruleSet.scores[$0].questions.contains(f) } ?? false)
        }
    }

    /// Where a fact (on its own, or inside a tool's one line) or a tool's line stands in the missing information.
    func position(_ item: MissingItem, _ r: ScoredResult) -> Int? {
        switch item {
        case .tool(let s): return r.missing.firstIndex { $0.tool == s }
        case .fact(let f):
            return r.missing.firstIndex { m in
                m.fact == f
                    || (m.tool.map { $0 < ruleSet.scores.count && ruleSet.scores[$0].questions.contains(f) } ?? false)
            }
        }
    }

    func itemName(_ item: MissingItem) -> String {
        switch item {
        case .tool(let s): return scoreName(s)
        case .fact(let f): return factName(f)
        }
    }
}
