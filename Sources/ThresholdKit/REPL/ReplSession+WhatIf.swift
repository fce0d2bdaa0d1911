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
                // Once each, as `/v1/whatif` refuses a fact changed twice: which one would win is a guess.
                if changes.contains(where: { $0.slot == slot }) {
                    return style.problem(
                        "`\(rs.facts[slot].name)` is changed twice", hint: "give each fact once: `what if age = 15`")
                }
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

    /// Rules that started or stopped firing, score totals and bands that moved, advice added or removed
    /// (`EvaluationDifferences`, as `/v1/whatif` and the diff say them).
    func differences(_ a: ScoredResult, _ b: ScoredResult) -> String {
        let rs = a.ruleSet
        var out = ""
        let d = EvaluationDifferences(a.evaluation, b.evaluation, EvaluationMatch(same: rs))
        func ruleList(_ rules: [Int]) -> String {
            rules.map { "\(rs.rules[$0].name) → \(rs.levels[rs.rules[$0].level].name)" }.joined(separator: ", ")
        }
        if !d.started.isEmpty { out += "  would start firing: \(ruleList(d.started))\n" }
        if !d.stopped.isEmpty { out += "  would stop firing: \(ruleList(d.stopped))\n" }
        for s in d.scores {
            var parts: [String] = []
            if s.total || s.range {
                parts.append(
                    "total \(rangeText(a.evaluation.scores[s.old])) → \(rangeText(b.evaluation.scores[s.new]))")
            }
            if s.band { parts.append("band \(s.oldBand) → \(s.newBand)") }
            out += "  score \(rs.scores[s.old].name): " + parts.joined(separator: ", ") + "\n"
        }
        // The advice's own words: a trainer reads "Hold a strategy discussion", not `hold_strategy_discussion`.
        if !d.adviceAdded.isEmpty {
            out += "  advice added:\n" + d.adviceAdded.map { "    - \(rs.advice[$0].text)\n" }.joined()
        }
        if !d.adviceRemoved.isEmpty {
            out += "  advice removed:\n" + d.adviceRemoved.map { "    - \(rs.advice[$0].text)\n" }.joined()
        }
        if d.dueChanged {
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
