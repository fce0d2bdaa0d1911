/// `FACT = VALUE`, `unset FACT`, `facts` and `reset`.
extension ReplSession {
    /// `FACT = VALUE`: sets a fact (`unknown` makes it unknown); says when the outcome changes.
    func setFact(_ line: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        switch FactAssignment.parse(line, ruleSet: rs) {
        case .failure(let f):
            let slot = ReplCommandLine.assignedName(line).flatMap { rs.factIndex[$0] }
            return style.problem(f.message, hint: f.hint ?? slot.map { ValueConverter.example(rs.facts[$0].type) })
        case .success(let (slot, value)):
            let before = currentResult()
            facts[slot] = value
            given.insert(slot)
            var out = "\(rs.facts[slot].name) = \(rs.format(value, of: slot))\n"
            out += outcomeChange(from: before)
            return out
        }
    }

    /// `unset FACT`: forgets what was set; the fact is unknown again (or back to its default).
    func unsetCommand(_ rest: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        let names = rest.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !names.isEmpty else { return style.problem("write `unset FACT`", hint: "e.g. `unset age`") }
        var slots: [Int] = []
        for name in names {
            switch factSlot(name) {
            case .success(let slot): slots.append(slot)
            case .failure(let p): return style.problem(p.message, hint: p.hint)
            }
        }
        let before = currentResult()
        var out = ""
        for slot in slots {
            let fact = rs.facts[slot]
            facts[slot] = fact.defaultValue
            given.remove(slot)
            if let d = fact.defaultValue {
                out += "\(fact.name) is back to its default, \(rs.format(d, of: slot))\n"
            } else {
                out += "\(fact.name) is unknown\n"
            }
        }
        return out + outcomeChange(from: before)
    }

    /// `reset`: forgets every fact.
    func resetCommand(_ rest: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        guard rest.isEmpty else {
            return style.problem("`reset` takes nothing after it", hint: "to forget one fact, write `unset FACT`")
        }
        let before = currentResult()
        facts = rs.defaultFacts()
        given = []
        return "All facts forgotten.\n" + outcomeChange(from: before)
    }

    /// `facts`: the known facts, then the unknown facts that matter, most consequential first.
    func factsCommand(_ rest: String) -> String {
        guard let rs = ruleSet, let r = currentResult() else { return style.problem("no rule set is loaded") }
        guard rest.isEmpty else {
            return style.problem("`facts` takes nothing after it", hint: "to see one fact, type its name")
        }
        let known = rs.facts.indices.filter { facts[$0] != nil }
        var out = ""
        if known.isEmpty {
            out += "No facts known yet.\n"
        } else {
            out += "Known facts:\n"
            let width = known.map { rs.facts[$0].name.count }.max() ?? 0
            for slot in known {
                let name = rs.facts[slot].name
                out += "  \(name.replPadded(to: width)) = \(rs.format(facts[slot], of: slot))"
                if !given.contains(slot) { out += style.dim(" (default)") }
                out += "\n"
            }
        }
        if r.missing.isEmpty {
            out += "No unknown fact could change the outcome.\n"
        } else {
            out += "Unknown facts that matter, most consequential first:\n"
            out += missingList(r, r.missing)
        }
        return out
    }

    /// One line per missing fact: its name, its question, and what it could change.
    func missingList(_ r: ScoredResult, _ missing: [ScoredResult.Missing]) -> String {
        let rs = r.ruleSet
        var out = ""
        for m in missing {
            if let t = m.tool, t < rs.scores.count {
                let score = rs.scores[t]
                out +=
                    "  \(score.name)" + (rs.consequenceText(m.consequence).map { " (could change the \($0))" } ?? "")
                    + "\n"
                out +=
                    "    \(score.tool?.instruction ?? score.label ?? score.name): not started, \(score.questions.count) questions\n"
                continue
            }
            let fact = rs.facts[m.fact]
            out += "  \(fact.name)"
            out += " (\(rs.missingReason(m)))"
            out += "\n"
            if let q = fact.question { out += "    \(q)\n" }
        }
        return out
    }

    /// "outcome: amber → red", when the outcome has changed since `before`.
    func outcomeChange(from before: ScoredResult?) -> String {
        guard let after = currentResult() else { return "" }
        guard let before else { return "" }
        let rs = after.ruleSet
        if before.outcome == after.outcome, before.evaluation.due == after.evaluation.due { return "" }
        let warnings = after.warnings.map { "  warning: \($0)\n" }.joined()
        if before.outcome == after.outcome {
            return "  due: " + (after.evaluation.due.map { "\($0)" } ?? "unknown") + "\n" + warnings
        }
        return "  outcome: \(style.level(rs.levels[before.outcome].name)) → \(outcomeLine(after))\n" + warnings
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func replPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
