/// `score`, `why`, `why RULE`, `why CAP` and `why not LEVEL|RULE`.
extension ReplSession {
    /// `score`: the outcome with a brief explanation.
    func scoreCommand(_ rest: String) -> String {
        guard let r = currentResult() else { return style.problem("no rule set is loaded") }
        guard rest.isEmpty else {
            return style.problem(
                "`score` takes nothing after it",
                hint: "to try other facts without keeping them, write `what if FACT = VALUE`")
        }
        let text = TextResultRenderer(detail: .brief).render(r)
        let plain = "Outcome: " + TextResultRenderer().outcomeLine(r)
        guard style.color, text.hasPrefix(plain) else { return text }
        return "Outcome: " + outcomeLine(r) + text.dropFirst(plain.count)
    }

    /// `why` explains the outcome; `why RULE` explains one rule, `why CAP` one cap.
    func whyCommand(_ rest: String) -> String {
        guard let rs = ruleSet, let r = currentResult() else { return style.problem("no rule set is loaded") }
        if rest.isEmpty { return explainOutcome(r) }
        let name = rest
        if let i = rs.ruleIndex[name] { return explainRule(i, r) }
        if let c = rs.capIndex[name] { return explainCap(c, r) }
        if let l = rs.levelIndex[name] {
            if l == r.outcome { return explainOutcome(r) }
            if l < r.outcome {
                return "The outcome is \(style.level(rs.levels[r.outcome].name)), above \(name); `why` explains it.\n"
            }
            return style.problem(
                "the outcome is \(rs.levels[r.outcome].name), not \(name)",
                hint: "to see what stops \(name), write `why not \(name)`")
        }
        let near = Suggestions.nearest(
            to: name, in: rs.rules.map(\.name) + rs.caps.map(\.name) + rs.levels.map(\.name))
        return style.problem(
            "`\(name)` is not a rule or a cap of this rule set",
            hint: near.map { "did you mean `\($0)`?" }
                ?? "`why` alone explains the outcome; the fired rules are listed by `score`")
    }

    /// The outcome, the rules that decided it, the others that fired, and what could still raise it.
    func explainOutcome(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        var out = "Outcome: \(outcomeLine(r))\n"
        let outcomeName = rs.levels[r.outcome].name
        if let held = r.heldText, let c = r.evaluation.cap {
            // Held below what the rules give: the cap first, then the rules it holds back.
            let cap = rs.caps[c]
            out += "It is \(held).\n"
            out += "  cap \(style.bold(cap.name))\n    when: \(analysis.printer.text(cap.when))\n"
            if let u = cap.unless { out += "    unless: \(analysis.printer.text(u))\n" }
            if let b = cap.because { out += "    because: \(b)\n" }
            if let s = cap.source { out += "    source: \(s)\n" }
            out += "  \(ScoredResult.heldAdvice)\n"
            out += "The rules it holds back:\n"
            for f in r.fired where rs.rules[f.rule].level > r.outcome {
                let rule = rs.rules[f.rule]
                out +=
                    "  \(style.bold(rule.name)) → \(rs.levels[rule.level].name)" + (rule.label.map { ": \($0)" } ?? "")
                out += f.facts.isEmpty ? "\n" : " (\(analysis.factValues(f.facts.map(\.slot))))\n"
            }
        }
        let deciding = r.fired.filter { rs.rules[$0.rule].level == r.outcome }
        if r.evaluation.cap != nil {
            // The rules that fired at the level the outcome is held at, if any, are listed with the others.
        } else if deciding.isEmpty {
            out += "No rule fired, so the default level, \(style.level(outcomeName)), applies.\n"
        } else {
            out +=
                "It is \(style.level(outcomeName)) because \(deciding.count == 1 ? "this rule" : "these rules") fired:\n"
            for f in deciding {
                let rule = rs.rules[f.rule]
                out += "  \(style.bold(rule.name))" + (rule.label.map { ": \($0)" } ?? "") + "\n"
                if let b = rule.because { out += "    because: \(b)\n" }
                out += "    when: \(analysis.printer.text(rule.condition))\n"
                if !f.facts.isEmpty { out += "    facts: \(analysis.factValues(f.facts.map(\.slot)))\n" }
                for s in f.scores { out += "    score: \(analysis.scoreLine(s))\n" }
            }
        }
        let others = r.fired.filter {
            r.evaluation.cap == nil ? rs.rules[$0.rule].level != r.outcome : rs.rules[$0.rule].level <= r.outcome
        }
        if !others.isEmpty {
            out +=
                (r.evaluation.cap == nil ? "Also fired, at lower levels: " : "Also fired, at or below the level held: ")
                + others.map { "\(rs.rules[$0.rule].name) → \(rs.levels[rs.rules[$0.rule].level].name)" }.joined(
                    separator: ", ") + "\n"
        }
        for c in r.openCaps {
            let cap = rs.caps[c.cap]
            out +=
                "It could be held at \(rs.levels[cap.level].name) by cap \(style.bold(cap.name)) "
                + "(depends on \(c.unknown.map { rs.facts[$0].name }.joined(separator: ", ")))\n"
        }
        if !r.undetermined.isEmpty {
            out += "It could be higher: these rules depend on unknown facts:\n"
            let open = r.undetermined.sorted { a, b in
                return a.reach != b.reach ? a.reach > b.reach : a.rule < b.rule
            }
            for u in open {
                let rule = rs.rules[u.rule]
                out += "  \(rs.levels[u.reach].name) if \(rule.name) fires"
                let unknown = u.unknown.map { rs.facts[$0].name }
                out += unknown.isEmpty ? "\n" : " (depends on \(unknown.joined(separator: ", ")))\n"
            }
            out +=
                style.dim("(`why not LEVEL` shows what stops a level; `ask` asks the questions that could change it)")
                + "\n"
        }
        return out
    }

    /// One rule: whether it fired, its condition part by part with values, the facts it read, and its source.
    func explainRule(_ i: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let rule = rs.rules[i]
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        let value = r.evaluation.rules[i]
        var out =
            "Rule \(style.bold(rule.name)) → \(style.level(rs.levels[rule.level].name))"
            + (rule.label.map { ": \($0)" } ?? "") + "\n"
        switch value {
        case .yes:
            out +=
                "  It fired"
                + (rule.level == r.outcome
                    ? " and decides the outcome.\n" : "; the outcome is higher (\(rs.levels[r.outcome].name)).\n")
        case .no:
            out += "  It did not fire: its condition is no.\n"
        case .unknown:
            out += "  Not decided: its condition is unknown until more facts are known.\n"
        }
        out += conditionBreakdown(rule.condition, analysis, onlyFailing: false)
        if !rule.factsRead.isEmpty { out += "  facts: \(analysis.factValues(rule.factsRead))\n" }
        if let b = rule.because { out += "  because: \(b)\n" }
        if let s = rule.source { out += "  source: \(s)\n" }
        out += "  written at \(rule.span.start)\n"
        return out
    }

    /// One cap (`why CAP`, as `why` names it: "could be held at green by cap …"): whether it holds now and what
    /// that does to the outcome, its `when` and `unless` part by part with values, the facts, and its source.
    func explainCap(_ c: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let cap = rs.caps[c]
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        let level = rs.levels[cap.level].name
        var out =
            "Cap \(style.bold(cap.name)): at most \(style.level(level))" + (cap.label.map { ": \($0)" } ?? "") + "\n"
        let state = r.evaluation.caps.indices.contains(c) ? r.evaluation.caps[c] : .no
        switch state {
        case .held, .heldUnlessOpen:
            out +=
                r.evaluation.cap == c
                ? "  It holds, and holds the outcome at \(level) (the rules give \(rs.levels[r.evaluation.uncapped].name)).\n"
                : "  It holds, but the outcome is not above \(level), so it changes nothing.\n"
            if state == .heldUnlessOpen { out += "  Its `unless` is not yet known: answering it could release it.\n" }
        case .open:
            out += "  Not decided: its `when` is unknown until more facts are known; if it held, the outcome would "
            out += "be at most \(level).\n"
        case .released:
            out += "  It does not hold: its `unless` is yes.\n"
        case .no:
            out += "  It does not hold: its `when` is no.\n"
        }
        out += conditionBreakdown(cap.when, analysis, onlyFailing: false)
        if let u = cap.unless { out += conditionBreakdown(u, analysis, onlyFailing: false, keyword: "unless") }
        if !cap.factsRead.isEmpty { out += "  facts: \(analysis.factValues(cap.factsRead))\n" }
        if let b = cap.because { out += "  because: \(b)\n" }
        if let s = cap.source { out += "  source: \(s)\n" }
        out += "  written at \(cap.span.start)\n"
        return out
    }

    /// `when …` and, for a condition of several parts, each part with its value; then the definitions and
    /// scores it uses. With `onlyFailing`, just the parts that are no (with the facts that failed them) or unknown.
    /// `keyword` names the condition: `when`, or a cap's `unless`.
    func conditionBreakdown(
        _ condition: BoolNode, _ analysis: ReplConditionAnalysis, onlyFailing: Bool, keyword: String = "when"
    ) -> String {
        let parts = analysis.parts(condition)
        var out = ""
        if !onlyFailing {
            out += "  \(keyword) \(analysis.printer.text(condition))\n"
            if parts.count > 1 {
                for p in parts {
                    out +=
                        "    \(style.tri(p.value))\(String(repeating: " ", count: 8 - p.value.word.count))\(p.text)\n"
                }
            }
        } else {
            for p in parts where p.value != .yes {
                let label = p.value == .no ? "failed" : "open"
                if p.scores.isEmpty, p.facts.count == 1, p.text == analysis.ruleSet.facts[p.facts[0]].name {
                    out +=
                        p.value == .unknown
                        ? "    open: \(p.text) is unknown\n" : "    failed: \(analysis.factValues(p.facts))\n"
                    continue
                }
                var detail: [String] = []
                if !p.facts.isEmpty { detail.append(analysis.factValues(p.facts)) }
                for s in p.scores { detail.append(analysis.scoreLine(s)) }
                out += "    \(label): \(p.text)" + (detail.isEmpty ? "" : " (\(detail.joined(separator: "; ")))") + "\n"
            }
        }
        var defs = Set<Int>()
        for p in parts { defs.formUnion(p.definitions) }
        if !onlyFailing {
            for d in defs.sorted() {
                let line = analysis.definitionLine(d)
                out += "  where \(line.text) (\(line.value))\n"
            }
            var scores = Set<Int>()
            for p in parts { scores.formUnion(p.scores) }
            for s in scores.sorted() { out += "  score \(analysis.scoreLine(s))\n" }
        }
        return out
    }
}
