/// `FACT = VALUE`, `set`, `unset FACT`, `facts`, `facts WORD`, `advice` and `reset`.
extension ReplSession {
    /// `FACT = VALUE`: sets a fact (`unknown` makes it unknown); says when the outcome changes.
    func setFact(_ line: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        switch FactAssignment.parse(line, ruleSet: rs) {
        case .failure(let f):
            let slot = f.exampleHelps ? ReplCommandLine.assignedName(line).flatMap { rs.factIndex[$0] } : nil
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

    /// `set FACT = VALUE`, the same as `FACT = VALUE`; also `set FACT VALUE` when FACT is a fact's name and
    /// the rest is its value.
    func setCommand(_ rest: String) -> ReplReply {
        if ReplCommandLine.assignedName(rest) != nil { return ReplReply(setFact(rest)) }
        let parts = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first else {
            return ReplReply(style.problem("write `set FACT = VALUE`", hint: "e.g. `set age = 4`"))
        }
        let name = String(first)
        if case .failure(let p) = factSlot(name) { return ReplReply(style.problem(p.message, hint: p.hint)) }
        guard parts.count > 1 else {
            return ReplReply(style.problem("`set \(name)` needs a value", hint: "write `set \(name) = VALUE`"))
        }
        return ReplReply(setFact("\(name) = \(parts[1])"))
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
        guard rest.isEmpty else { return factsAbout(rest, rs) }
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

    /// `facts WORD …`: the facts whose name, question or values mention every word (`facts county` finds
    /// the exploitation question, which mentions county lines), with their values now and their questions.
    func factsAbout(_ words: String, _ rs: RuleSet) -> String {
        let query = Self.searchWords(words)
        if let tooMany = Self.tooManyWords(query) { return style.problem(tooMany) }
        let words = Self.shown(words)
        let found = rs.facts.indices.filter { slot in
            let fact = rs.facts[slot]
            let text = Self.searchText(
                fact.name + " " + (fact.question ?? "") + " " + fact.type.options.joined(separator: " "))
            return query.allSatisfy { text.contains($0) }
        }
        guard !found.isEmpty else {
            return "No fact's name, question or values mention \"\(words)\".\n"
                + style.dim("  (`facts` alone lists the facts that matter now)") + "\n"
        }
        var out = "Facts about \"\(words)\":\n"
        for slot in found {
            let fact = rs.facts[slot]
            out += "  \(fact.name) = \(rs.format(facts[slot], of: slot))\n"
            if let q = fact.question { out += "    \(q)\n" }
        }
        return out
    }

    /// `advice [WORD …]`: every advice of the rule set with its text (those given now marked), or those whose
    /// name or text mention every word.
    func adviceCommand(_ words: String) -> String {
        guard let rs = ruleSet, let r = currentResult() else { return style.problem("no rule set is loaded") }
        guard !rs.advice.isEmpty else { return "This rule set has no advice.\n" }
        let query = Self.searchWords(words)
        if let tooMany = Self.tooManyWords(query) { return style.problem(tooMany) }
        let words = Self.shown(words)
        let shown = rs.advice.indices.filter { a in
            let text = Self.searchText(rs.advice[a].name + " " + rs.advice[a].text)
            return query.allSatisfy { text.contains($0) }
        }
        guard !shown.isEmpty else {
            return "No advice mentions \"\(words)\".\n" + style.dim("  (`advice` alone lists it all)") + "\n"
        }
        let given = shown.filter { r.evaluation.advice[$0] }.count
        var out =
            (query.isEmpty ? "Advice" : "Advice about \"\(words)\"")
            + " (\(shown.count); " + (given == 0 ? "none given now):\n" : "* given now):\n")
        for a in shown {
            out += (r.evaluation.advice[a] ? "  * " : "    ") + "\(rs.advice[a].name): \(rs.advice[a].text)\n"
        }
        return out
    }

    /// The words of a search, lowercased, with `_` read as a space (`county_lines` is "county lines"), each
    /// once.
    static func searchWords(_ text: String) -> [String] {
        var seen = Set<Substring>()
        return searchText(text).split(separator: " ").filter { seen.insert($0).inserted }.map(String.init)
    }

    /// The most words a search takes: each is looked for in every fact's or advice's text.
    static let searchWordLimit = 16

    /// Why a search of these words is refused (more than `searchWordLimit`), or nil.
    static func tooManyWords(_ query: [String]) -> String? {
        query.count > searchWordLimit
            ? "a search takes at most \(searchWordLimit) words; this one has \(query.count)" : nil
    }

    /// What was searched for, as an answer quotes it: at most 80 characters.
    static func shown(_ words: String) -> String {
        words.count > 80 ? String(words.prefix(79)) + "…" : words
    }

    /// Text as searched: lowercased, `_` as a space.
    static func searchText(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "_", with: " ")
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
