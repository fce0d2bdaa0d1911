/// Renders a scored result for people.
///
/// ```swift
/// print(TextResultRenderer(detail: .full).render(Scoring(ruleSet).score(scenario)))
/// ```
public struct TextResultRenderer {
    public enum Detail: Sendable { case brief, full }
    var detail: Detail

    public init(detail: Detail = .brief) { self.detail = detail }

    public func render(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        var out = ""
        if let id = r.scenarioID {
            out += "Scenario \(id)" + (r.title.map { ": \($0)" } ?? "") + "\n"
        }
        out += "Outcome: " + outcomeLine(r) + "\n"
        if let held = r.heldText {
            out += "  \(held).\n"
            if let because = r.evaluation.cap.flatMap({ rs.caps[$0].because }) { out += "  because: \(because)\n" }
            out += "  \(ScoredResult.heldAdvice)\n"
        }
        if let provisional = r.provisionalText { out += "  It \(provisional).\n" }
        for warning in r.warnings { out += "Warning: \(warning)\n" }
        out += firedSection(r)
        out += scoresSection(r)
        if !r.undetermined.isEmpty {
            out += "\nCould be higher:\n"
            for u in r.undetermined {
                let rule = rs.rules[u.rule]
                let facts = unknownNames(u.unknown, r)
                out += "  could be \(rs.levels[u.reach].name) if rule \(rule.name) fires"
                out += facts.isEmpty ? "\n" : " (depends on \(facts.joined(separator: ", ")), now unknown)\n"
            }
        }
        if !r.openCaps.isEmpty {
            out += "\nCould be held lower:\n"
            for c in r.openCaps {
                let cap = rs.caps[c.cap]
                out += "  could be held at \(rs.levels[cap.level].name) by cap \(cap.name)"
                out += " (depends on \(unknownNames(c.unknown, r).joined(separator: ", ")), now unknown)\n"
            }
        }
        if !r.missing.isEmpty {
            out += "\nMissing information:\n"
            for m in r.missing {
                if let t = m.tool, t >= 0, t < rs.scores.count {
                    let score = rs.scores[t]
                    out +=
                        "  \(score.name): \(score.tool?.instruction ?? score.label ?? score.name) (not started, \(score.questions.count) questions)"
                    if let c = rs.consequenceText(m.consequence) { out += " (could change the \(c))" }
                    out += "\n"
                    continue
                }
                let fact = rs.facts[m.fact]
                out += "  \(fact.name)" + (fact.question.map { ": \($0)" } ?? "") + " (\(rs.missingReason(m)))"
                if let h = m.holds, m.consequence != .held(level: h) {
                    out += " (could hold the outcome at \(rs.levels[h].name))"
                }
                out += "\n"
            }
        }
        let advice = r.evaluation.advice.indices.filter { r.evaluation.advice[$0] }
        if !advice.isEmpty {
            out += "\nAdvice:\n"
            for a in advice { out += "  \(rs.advice[a].name): \(rs.advice[a].text)\n" }
        }
        if !r.changes.isEmpty {
            out += "\nWhat would change the outcome:\n"
            for c in r.changes { out += "  " + changeText(c, r) + "\n" }
        }
        if detail == .full { out += notFiredSection(r) }
        out += "\nRules: \(rs.name)" + (rs.version.map { " \($0)" } ?? "") + " (\(rs.fingerprint))\n"
        return out
    }

    func outcomeLine(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let level = rs.levels[r.outcome]
        var line = "\(level.name) (\(level.label))" + (r.settled ? "" : ", provisional")
        let route = rs.routeDescription(r.outcome)
        if !route.isEmpty { line += ": \(route)" }
        if let due = r.evaluation.due { line += "; due \(due)" }
        if r.fired.isEmpty { line += " [default: no rule fired]" }
        return line
    }

    func factsText(_ facts: [(slot: Int, value: FactValue?)], _ rs: RuleSet) -> String {
        facts.map { "\(rs.facts[$0.slot].name) = \(rs.format($0.value, of: $0.slot))" }.joined(separator: ", ")
    }

    func firedSection(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        guard !r.fired.isEmpty else { return "\nNo rule fired: the default level applies.\n" }
        return Self.section("Fired rules", r.fired) { f, out in
            let rule = rs.rules[f.rule]
            out += "  \(rule.name) → \(rs.levels[rule.level].name)" + (rule.label.map { ": \($0)" } ?? "") + "\n"
            if let b = rule.because { out += "    because: \(b)\n" }
            if !f.facts.isEmpty { out += "    facts: \(factsText(f.facts, rs))\n" }
            for s in f.scores {
                out += "    score: \(rs.scores[s].name) is \(rs.bandName(s, r.evaluation.scores[s].band))\n"
            }
            if let s = rule.source { out += "    source: \(s)\n" }
        }
    }

    /// A section under its heading, each item's lines written by `item`; nothing when there are no items.
    static func section<Items: Collection>(
        _ heading: String, _ items: Items, _ item: (Items.Element, inout String) -> Void
    ) -> String {
        guard !items.isEmpty else { return "" }
        var out = "\n\(heading):\n"
        for x in items { item(x, &out) }
        return out
    }

    func scoresSection(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        guard !rs.scores.isEmpty else { return "" }
        var out = "\nScores:\n"
        for (i, score) in rs.scores.enumerated() {
            let st = r.evaluation.scores[i]
            out += "  \(score.name)" + (score.label.map { " (\($0))" } ?? "") + ": " + scoreLine(i, r) + "\n"
            if !score.domains.isEmpty {
                out +=
                    "    domains: "
                    + score.domains.indices.map { "\(score.domains[$0].name) \(st.domainTotals[$0])" }.joined(
                        separator: ", ") + "\n"
            }
            if let f = st.floor {
                let floor = score.floors[f]
                out +=
                    "    floor: raised to \(rs.bandName(i, floor.band)) from \(rs.bandName(i, st.bandBeforeFloors))"
                    + (floor.reason.map { ": \($0)" } ?? "") + "\n"
            }
            if detail == .full {
                for (k, item) in score.items.enumerated() where st.items[k] != .no {
                    let counted = st.items[k] == .yes
                    let what: String
                    switch item.kind {
                    case .when(let w, _): what = counted ? "counted +\(w)" : "unknown, +\(w) if yes"
                    case .add(_, let cap, _):
                        what = counted ? "counted" : "unknown" + (cap.map { ", up to +\($0)" } ?? "")
                    }
                    let domain = item.domain.map { " [\(score.domains[$0].name)]" } ?? ""
                    out += "    item: \(item.label ?? "(no label)")\(domain): \(what)\n"
                }
            }
        }
        return out
    }

    /// A score's total, band and completion: "total 5, band low (Low); complete (5 of 5 answered)"; a tool
    /// not started says so instead of showing a band: "not started (0 of 24 answered); could reach …".
    func scoreLine(_ i: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let score = rs.scores[i]
        let st = r.evaluation.scores[i]
        let answered = r.evaluation.facts.withUnsafeBufferPointer { score.answered($0) }
        let status = score.status(r.evaluation.facts)
        let completion = "\(status.words) (\(answered) of \(score.questions.count) answered)"
        let reach = score.couldReach(st, status: status).bandIndices.map { rs.bandName(i, $0) }
        let reachText = reach.isEmpty ? "" : "; could be " + TextResultRenderer.list(reach)
        if score.tool != nil, status == .notStarted || status == .notApplicable { return completion + reachText }
        var out = "total \(st.total)"
        if !st.range.isExact {
            out +=
                " (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more"))"
        }
        let band = score.reportedBand(st, status: status)
        if band >= 0 {
            out += ", band \(rs.bandName(i, band)) (\(score.bands[band].label))"
        } else {
            out += score.tool != nil ? ", band not yet known" : ", band none"
        }
        return out + reachText + "; " + completion
    }

    /// The names of unknown facts, with the questions of a tool not started shown as the tool
    /// ("the dash tool, not started").
    func unknownNames(_ slots: [Int], _ r: ScoredResult) -> [String] {
        let rs = r.ruleSet
        var notStarted: [Int] = []
        r.evaluation.facts.withUnsafeBufferPointer { facts in
            for (s, score) in rs.scores.enumerated()
            where score.tool != nil && !score.questions.isEmpty && score.answered(facts) == 0 {
                notStarted.append(s)
            }
        }
        var out: [String] = []
        var shown = Set<Int>()
        for f in slots {
            if let s = notStarted.first(where: { rs.scores[$0].questions.contains(f) }) {
                if shown.insert(s).inserted {
                    out.append("\(rs.scores[s].name) (not started, \(rs.scores[s].questions.count) questions)")
                }
            } else {
                out.append(rs.facts[f].name)
            }
        }
        return out
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }

    func notFiredSection(_ r: ScoredResult) -> String {
        let rs = r.ruleSet
        return Self.section("Rules that did not fire", r.notFired) { f, out in
            let rule = rs.rules[f.rule]
            let why = f.condition == .unknown ? "its condition is unknown" : "its condition is no"
            out += "  \(rule.name) → \(rs.levels[rule.level].name): \(why)\n"
            if !f.facts.isEmpty { out += "    facts: \(factsText(f.facts, rs))\n" }
        }
    }

    func changeText(_ c: ScoredResult.Change, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let sets = c.set.map {
            "\(rs.facts[$0.slot].name) were \(rs.format($0.value, of: $0.slot)) (now \(rs.format(r.evaluation.facts[$0.slot], of: $0.slot)))"
        }
        return "It would be \(rs.levels[c.outcome].name) if " + sets.joined(separator: " and ")
    }
}
