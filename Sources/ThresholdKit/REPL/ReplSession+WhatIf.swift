/// `what if FACT = VALUE, FACT = VALUE and …`: the outcome with these changes beside the current one, and
/// what changed between them. Nothing is kept.
extension ReplSession {
    func whatIfCommand(_ rest: String) -> String {
        guard let rs = ruleSet, let scoring, let now = currentResult() else {
            return style.problem("no rule set is loaded")
        }
        let texts = ReplCommandLine.assignments(rest)
        guard !texts.isEmpty else {
            return style.problem(
                "write `what if FACT = VALUE`",
                hint: "several changes: `what if age = 15, homeless = yes and referrer = police`")
        }
        var changed = facts
        var changes: [(slot: Int, value: FactValue?)] = []
        for text in texts {
            switch FactAssignment.parse(text, ruleSet: rs) {
            case .failure(let f): return style.problem("`\(text)`: \(f.message)", hint: f.hint)
            case .success(let (slot, value)):
                changed[slot] = value
                changes.append((slot, value))
            }
        }
        let then = scoring.score(changed)
        var out =
            "What if "
            + changes.map { c in
                "\(rs.facts[c.slot].name) = \(rs.format(c.value, of: c.slot)) (now \(rs.format(facts[c.slot], of: c.slot)))"
            }.joined(separator: ", ") + ":\n"
        out += "  now:     \(outcomeLine(now))\n"
        out +=
            "  what if: \(outcomeLine(then))" + (then.outcome == now.outcome ? style.dim(" (the same level)") : "")
            + "\n"
        out += differences(now, then)
        out += "Nothing was kept: the facts are as they were.\n"
        return out
    }

    /// Rules that started or stopped firing, score totals and bands that moved, advice added or removed.
    func differences(_ a: ScoredResult, _ b: ScoredResult) -> String {
        let rs = a.ruleSet
        var out = ""
        let firedA = Set(a.evaluation.fired)
        let firedB = Set(b.evaluation.fired)
        let started = rs.rules.indices.filter { firedB.contains($0) && !firedA.contains($0) }
        let stopped = rs.rules.indices.filter { firedA.contains($0) && !firedB.contains($0) }
        func ruleList(_ rules: [Int]) -> String {
            rules.map { "\(rs.rules[$0].name) → \(rs.levels[rs.rules[$0].level].name)" }.joined(separator: ", ")
        }
        if !started.isEmpty { out += "  would start firing: \(ruleList(started))\n" }
        if !stopped.isEmpty { out += "  would stop firing: \(ruleList(stopped))\n" }
        for (i, score) in rs.scores.enumerated() {
            let (x, y) = (a.evaluation.scores[i], b.evaluation.scores[i])
            var parts: [String] = []
            if x.total != y.total || x.range != y.range { parts.append("total \(rangeText(x)) → \(rangeText(y))") }
            if x.band != y.band { parts.append("band \(rs.bandName(i, x.band)) → \(rs.bandName(i, y.band))") }
            if !parts.isEmpty { out += "  score \(score.name): " + parts.joined(separator: ", ") + "\n" }
        }
        let adviceA = a.evaluation.advice
        let adviceB = b.evaluation.advice
        // The advice's own words: a trainer reads "Hold a strategy discussion", not `hold_strategy_discussion`.
        let added = rs.advice.indices.filter { adviceB[$0] && !adviceA[$0] }
        let removed = rs.advice.indices.filter { adviceA[$0] && !adviceB[$0] }
        if !added.isEmpty { out += "  advice added:\n" + added.map { "    - \(rs.advice[$0].text)\n" }.joined() }
        if !removed.isEmpty { out += "  advice removed:\n" + removed.map { "    - \(rs.advice[$0].text)\n" }.joined() }
        if a.evaluation.due != b.evaluation.due {
            out +=
                "  due: \(a.evaluation.due.map { "\($0)" } ?? "none") → \(b.evaluation.due.map { "\($0)" } ?? "none")\n"
        }
        if out.isEmpty { out = "  no rule, score or advice would change\n" }
        return out
    }

    /// `7`, or `7 (could be 7 to 9)`.
    func rangeText(_ st: Evaluation.ScoreState) -> String {
        st.range.isExact
            ? "\(st.total)"
            : "\(st.total) (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more"))"
    }
}
