/// `why not LEVEL|RULE`: what stops a level or a rule, the unknown facts that keep it open, and the changes
/// of facts (from the counterfactual analysis) that would reach it.
extension ReplSession {
    func whyNotCommand(_ rest: String) -> String {
        guard let rs = ruleSet, let r = currentResult() else { return style.problem("no rule set is loaded") }
        let name = rest
        guard !name.isEmpty, !name.contains(" ") else {
            return style.problem(
                "write `why not LEVEL` or `why not RULE`",
                hint: "the levels are: " + rs.levels.map(\.name).joined(separator: ", "))
        }
        if let l = rs.levelIndex[name] { return whyNotLevel(l, r) }
        if let i = rs.ruleIndex[name] { return whyNotRule(i, r) }
        let near = Suggestions.nearest(to: name, in: rs.levels.map(\.name) + rs.rules.map(\.name))
        return style.problem(
            "`\(name)` is neither a level nor a rule of this rule set",
            hint: near.map { "did you mean `\($0)`?" } ?? "the levels are: "
                + rs.levels.map(\.name).joined(separator: ", "))
    }

    func whyNotLevel(_ level: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let name = style.level(rs.levels[level].name)
        if r.outcome == level { return "The outcome is already \(name).\n" }
        if r.outcome > level {
            var out =
                "The outcome is \(style.level(rs.levels[r.outcome].name)), above \(name) (a more severe level decides).\n"
            for c in r.openCaps where rs.caps[c.cap].level <= level {
                let cap = rs.caps[c.cap]
                out +=
                    "Cap \(style.bold(cap.name)) could hold it at \(rs.levels[cap.level].name): "
                    + "it depends on \(c.unknown.map { rs.facts[$0].name }.joined(separator: ", ")), now unknown.\n"
            }
            return out
        }
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        let candidates = rs.rules.indices.filter { rs.rules[$0].level >= level }
            .sorted { a, b in rs.rules[a].level != rs.rules[b].level ? rs.rules[a].level < rs.rules[b].level : a < b }
        var out = "The outcome is \(style.level(rs.levels[r.outcome].name)), not \(name).\n"
        if let held = r.heldText { out += "It is \(held).\n" }
        for c in rs.caps.indices where r.evaluation.caps.indices.contains(c) && r.evaluation.caps[c].holds {
            let cap = rs.caps[c]
            guard cap.level < level else { continue }
            out +=
                "Cap \(style.bold(cap.name)) holds the outcome at \(rs.levels[cap.level].name) or below while "
                + "\(analysis.printer.text(cap.condition)); the rules cannot raise it above that.\n"
        }
        if candidates.isEmpty {
            out +=
                "No rule gives \(name) or higher" + (level == rs.defaultLevel ? "" : ", so it cannot be reached")
                + ".\n"
            return out
        }
        out += "No rule that gives \(name) or higher fired:\n"
        var open = Set<Int>()
        for i in candidates {
            let rule = rs.rules[i]
            let listed = r.undetermined.first { $0.rule == i }
            let state =
                r.evaluation.rules[i] != .unknown
                ? "did not fire"
                : listed == nil ? "not decided, by questions that do not fit this child" : "not decided"
            out += "  \(style.bold(rule.name)) → \(rs.levels[rule.level].name): \(state)\n"
            out += conditionBreakdown(rule.condition, analysis, onlyFailing: true)
            // The same unknown facts as `why` and the result's "could be" (questions that fit the child).
            if let listed { open.formUnion(listed.unknown) }
        }
        out += openLine(open, rs, keeping: name)
        if let scoring {
            out += changeLines(
                Counterfactuals.changes(toReach: level, for: r, scoring: scoring), r,
                label: "it \(rs.levels[level].name)")
        }
        return out
    }

    func whyNotRule(_ i: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let rule = rs.rules[i]
        if r.evaluation.rules[i] == .yes {
            return "Rule \(rule.name) fired.\n" + explainRule(i, r)
        }
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        let undecided = r.evaluation.rules[i] == .unknown
        var out =
            "Rule \(style.bold(rule.name)) → \(style.level(rs.levels[rule.level].name))"
            + (undecided ? " is not decided: its condition is unknown.\n" : " did not fire: its condition is no.\n")
        out += "  when \(analysis.printer.text(rule.condition))\n"
        out += conditionBreakdown(rule.condition, analysis, onlyFailing: true)
        if undecided {
            var open = Set<Int>()
            for p in analysis.parts(rule.condition) where p.value == .unknown { open.formUnion(analysis.openFacts(p)) }
            // Only the questions that fit this child, as in `why` and the result's "could be".
            open = EvaluatorPool.shared.with(rs) { ev in open.filter { QuestionPlan.mayApply(rs, $0, facts, ev) } }
            out += openLine(open, rs, keeping: "it")
        }
        if let scoring {
            out += changeLines(
                Counterfactuals.changes(toFire: i, for: r, scoring: scoring), r, label: "rule \(rule.name) fire")
        }
        return out
    }

    /// The counterfactual changes, as "It would be red if …" lines under a heading.
    func changeLines(_ changes: [ScoredResult.Change], _ r: ScoredResult, label: String) -> String {
        guard !changes.isEmpty else { return "" }
        let renderer = TextResultRenderer()
        return "What would make \(label):\n" + changes.map { "  " + renderer.changeText($0, r) + "\n" }.joined()
    }

    /// "Unknown facts that keep WHAT open: a, b", or nothing when there are none.
    func openLine(_ open: Set<Int>, _ rs: RuleSet, keeping what: String) -> String {
        guard !open.isEmpty else { return "" }
        return "Unknown facts that keep \(what) open: "
            + open.sorted().map { rs.facts[$0].name }.joined(separator: ", ") + "\n"
    }
}
