/// The sections of a case sheet other than the header, the scores and the footer: each a `<section>`
/// with an `<h2>`, saying so plainly when it has nothing to show.
struct CaseSheetSections {
    var theme: HTMLTheme

    /// The facts with a value, with their questions, in declaration order; those left at their declared
    /// default follow on one line.
    func facts(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        let values = r.evaluation.facts
        let known = rs.facts.indices.filter { $0 < values.count && values[$0] != nil }
        let atDefault = known.filter { rs.facts[$0].defaultValue != nil && values[$0] == rs.facts[$0].defaultValue }
        let given = known.filter { !(rs.facts[$0].defaultValue != nil && values[$0] == rs.facts[$0].defaultValue) }
        Self.open("Facts given", into: &h)
        if given.isEmpty {
            Self.empty(
                known.isEmpty ? "No fact has a value." : "No fact was given a value other than its default.", into: &h)
        } else {
            h.open("table")
            h.raw(
                "<thead><tr><th scope=\"col\">Fact</th><th scope=\"col\">Question</th><th scope=\"col\">Value</th></tr></thead>"
            )
            h.open("tbody")
            for slot in given {
                let f = rs.facts[slot]
                h.open("tr")
                h.open("th", ["scope": "row"])
                Self.identifier(f.name, into: &h)
                h.close("th")
                h.element("td", text: f.question ?? "")
                h.open("td")
                h.element("strong", text: rs.format(values[slot], of: slot))
                h.close("td")
                h.close("tr")
            }
            h.close("tbody")
            h.close("table")
        }
        if !atDefault.isEmpty {
            h.open("p", ["class": "defaults"])
            h.element("strong", text: "At their default values (\(atDefault.count)): ")
            for (k, slot) in atDefault.enumerated() {
                if k > 0 { h.raw(", ") }
                h.open("code")
                Self.identifier(rs.facts[slot].name, into: &h)
                h.text(" = " + rs.format(values[slot], of: slot))
                h.close("code")
            }
            h.close("p")
        }
        Self.close(&h)
    }

    /// A name with a line-break opportunity after each underscore (`cce_<wbr/>missing_<wbr/>episodes`),
    /// so long names wrap between words rather than inside them.
    static func identifier(_ name: String, into h: inout HTMLWriter) {
        var first = true
        for part in name.split(separator: "_", omittingEmptySubsequences: false) {
            if !first { h.raw("_<wbr/>") }
            h.text(String(part))
            first = false
        }
    }

    /// Each fired rule: its label and level, `because`, the facts it read, the scores it read, `source`.
    func fired(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.open("Rules that fired", into: &h)
        if r.fired.isEmpty { Self.empty("No rule fired: the default level applies.", into: &h) }
        for f in r.fired {
            let rule = rs.rules[f.rule]
            h.open("div", ["class": "rule"])
            h.open("h3")
            h.element("code", text: rule.name)
            if let label = rule.label { h.text(": " + label) }
            h.raw(" ")
            HTMLBadge.small(rule.level, rs, theme: theme, into: &h)
            h.close("h3")
            h.open("p")
            h.element("strong", text: "Because: ")
            h.text(rule.because ?? "(no reason written)")
            h.close("p")
            let facts =
                f.facts.isEmpty
                ? rule.factsRead.map { (slot: $0, value: $0 < r.evaluation.facts.count ? r.evaluation.facts[$0] : nil) }
                : f.facts
            if !facts.isEmpty {
                h.open("p")
                h.element("strong", text: "Facts: ")
                for (k, fact) in facts.enumerated() {
                    if k > 0 { h.raw(", ") }
                    h.element("code", text: "\(rs.facts[fact.slot].name) = \(rs.format(fact.value, of: fact.slot))")
                }
                h.close("p")
            }
            for s in f.scores where s < r.evaluation.scores.count {
                h.open("p")
                h.element("strong", text: "Score: ")
                h.text("\(rs.scores[s].name) is \(rs.bandName(s, r.evaluation.scores[s].band))")
                h.close("p")
            }
            h.open("p", ["class": "source"])
            h.element("strong", text: "Source: ")
            h.text(rule.source ?? "(none cited)")
            h.close("p")
            h.close("div")
        }
        Self.close(&h)
    }

    /// The rules above the outcome that unknown facts keep open: "could be LEVEL if RULE fires".
    func couldBe(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.open("Could be higher", into: &h)
        if r.undetermined.isEmpty {
            Self.empty("No rule above the outcome is left open by unknown facts.", into: &h)
        } else {
            h.open("ul")
            for u in r.undetermined {
                let rule = rs.rules[u.rule]
                h.open("li")
                h.raw("Could be ")
                HTMLBadge.small(rule.level, rs, theme: theme, into: &h)
                h.raw(" if rule ")
                h.element("code", text: rule.name)
                if let label = rule.label { h.text(" (" + label + ")") }
                h.raw(" fires")
                if !u.unknown.isEmpty {
                    h.raw(": depends on ")
                    for (k, slot) in u.unknown.enumerated() {
                        if k > 0 { h.raw(", ") }
                        h.element("code", text: rs.facts[slot].name)
                    }
                    h.raw(", now unknown")
                }
                h.raw(".")
                h.close("li")
            }
            h.close("ul")
        }
        Self.close(&h)
    }

    /// Unknown facts in order of consequence, with their questions and what they could change.
    func missing(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.open("Missing information", into: &h)
        if r.missing.isEmpty {
            Self.empty("Nothing missing could change the outcome or a score.", into: &h)
        } else {
            h.element("p", ["class": "muted"], text: "In order of consequence: ask these first.")
            h.open("ol")
            for m in r.missing {
                if let t = m.tool, t < rs.scores.count {
                    // A tool not started, as one line.
                    let score = rs.scores[t]
                    h.open("li")
                    h.element("code", text: score.name)
                    h.raw(": ")
                    h.text(
                        (score.tool?.instruction ?? score.label ?? score.name)
                            + " (not started, \(score.questions.count) questions)")
                    h.raw(" ")
                    h.open("em")
                    if let c = rs.consequenceText(m.consequence) { h.text("(could change the \(c))") }
                    h.close("em")
                    h.close("li")
                    continue
                }
                let fact = rs.facts[m.fact]
                h.open("li")
                h.element("code", text: fact.name)
                h.raw(": ")
                h.text(fact.question ?? "(no question written)")
                h.raw(" ")
                h.open("em")
                h.text("(\(rs.missingReason(m)))")
                if fact.required, m.consequence != .required { h.text(" (required)") }
                h.close("em")
                h.close("li")
            }
            h.close("ol")
        }
        Self.close(&h)
    }

    /// The advice the outcome gives.
    func advice(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        let given = r.evaluation.advice.indices.filter { r.evaluation.advice[$0] && $0 < rs.advice.count }
        Self.open("Advice", into: &h)
        if given.isEmpty {
            Self.empty("No advice for this outcome.", into: &h)
        } else {
            h.open("ul")
            for a in given {
                h.open("li")
                h.element("code", text: rs.advice[a].name)
                h.raw(": ")
                h.text(rs.advice[a].text)
                if let s = rs.advice[a].source {
                    h.raw(" ")
                    h.element("span", ["class": "muted"], text: "(source: \(s))")
                }
                h.close("li")
            }
            h.close("ul")
        }
        Self.close(&h)
    }

    /// What would change the outcome (counterfactuals).
    func changes(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.open("What would change the outcome", into: &h)
        if r.changes.isEmpty {
            Self.empty("No single change of the facts was found that changes the outcome.", into: &h)
        } else {
            h.open("ul")
            for c in r.changes {
                h.open("li")
                h.raw("It would be ")
                HTMLBadge.small(c.outcome, rs, theme: theme, into: &h)
                h.raw(" if ")
                for (k, s) in c.set.enumerated() {
                    if k > 0 { h.raw(" and ") }
                    h.element("code", text: "\(rs.facts[s.slot].name) = \(rs.format(s.value, of: s.slot))")
                    let now = s.slot < r.evaluation.facts.count ? r.evaluation.facts[s.slot] : nil
                    h.text(" (now \(rs.format(now, of: s.slot)))")
                }
                h.close("li")
            }
            h.close("ul")
        }
        Self.close(&h)
    }

    static func open(_ heading: String, into h: inout HTMLWriter) {
        h.open("section")
        h.element("h2", text: heading)
    }

    static func close(_ h: inout HTMLWriter) {
        h.close("section")
        h.raw("\n")
    }

    static func empty(_ text: String, into h: inout HTMLWriter) { h.element("p", ["class": "empty"], text: text) }
}
