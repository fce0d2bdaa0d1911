/// The sections of a case sheet other than the header, the scores and the footer: each a `<section>`
/// with an `<h2>`. A section with nothing to show is left out (the header already says when no rule
/// fired and whether anything unanswered could change the outcome).
struct CaseSheetSections {
    var theme: HTMLTheme

    /// The case in words: the scenario's `story`, then its `source`; left out when it has neither.
    func story(_ r: ScoredResult, into h: inout HTMLWriter) {
        guard r.story != nil || r.scenarioSource != nil else { return }
        Self.open("The case", into: &h)
        if let story = r.story { h.element("p", ["class": "story"], text: story) }
        if let source = r.scenarioSource {
            h.open("p", ["class": "muted"])
            h.element("strong", text: "Source: ")
            h.text(source)
            h.close("p")
        }
        Self.close(&h)
    }

    /// The facts with a value, in declaration order: each fact's question first, then its name and value.
    /// A tool's questions answered no (or 0) follow the table on one line per tool, and the facts left at
    /// their declared default on one line.
    func facts(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        let values = r.evaluation.facts
        let known = rs.facts.indices.filter { $0 < values.count && values[$0] != nil }
        let atDefault = known.filter { rs.facts[$0].defaultValue != nil && values[$0] == rs.facts[$0].defaultValue }
        let given = known.filter { !(rs.facts[$0].defaultValue != nil && values[$0] == rs.facts[$0].defaultValue) }
        guard !known.isEmpty else { return }
        let tools = ToolQuestions(rs)
        let answeredNo = given.filter { tools.tool(of: $0) != nil && Self.isNo(values[$0]) }
        let rows = given.filter { !(tools.tool(of: $0) != nil && Self.isNo(values[$0])) }
        Self.open("Facts given", into: &h)
        if !rows.isEmpty {
            h.open("table", ["class": "facts"])
            h.raw(
                "<thead><tr><th scope=\"col\" class=\"c-question\">Question</th><th scope=\"col\" class=\"c-fact\">Fact</th><th scope=\"col\" class=\"c-value\">Answer</th></tr></thead>"
            )
            h.open("tbody")
            for slot in rows {
                let f = rs.facts[slot]
                h.open("tr")
                if let q = f.question {
                    h.element("td", text: q)
                } else {
                    h.element("td", ["class": "empty"], text: "(no question written)")
                }
                h.open("th", ["scope": "row"])
                Self.identifier(f.name, into: &h)
                h.close("th")
                h.open("td")
                h.open("strong")
                Self.value(values[slot], of: slot, rs, into: &h)
                h.close("strong")
                h.close("td")
                h.close("tr")
            }
            h.close("tbody")
            h.close("table")
        }
        for (t, slots) in tools.grouped(answeredNo) {
            let score = rs.scores[t]
            let none = slots.contains { if case .number = values[$0] { return true } else { return false } }
            h.open("p", ["class": "defaults"])
            h.element(
                "strong",
                text:
                    "\(score.label ?? score.name): \(Self.count(slots.count, "question")) answered no\(none ? " or 0" : ""): "
            )
            for (k, slot) in slots.enumerated() {
                if k > 0 { h.raw(", ") }
                h.open("code")
                Self.identifier(rs.facts[slot].name, into: &h)
                h.close("code")
            }
            h.close("p")
        }
        if !atDefault.isEmpty {
            h.open("p", ["class": "defaults"])
            h.element("strong", text: "At their default values (\(atDefault.count)): ")
            for (k, slot) in atDefault.enumerated() {
                if k > 0 { h.raw(", ") }
                h.open("code")
                Self.identifier(rs.facts[slot].name, into: &h)
                h.text(" = ")
                Self.value(values[slot], of: slot, rs, into: &h)
                h.close("code")
            }
            h.close("p")
        }
        Self.close(&h)
    }

    /// True for the answer `no` and the number 0: the answers a tool's checklist mostly holds.
    static func isNo(_ v: FactValue?) -> Bool {
        switch v {
        case .bool(false): return true
        case .number(let n): return n == ExactNumber(0)
        default: return false
        }
    }

    /// "1 question", "21 questions".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A fact's value as the language writes it, except dates and date-times, which also say the day of
    /// the week ("Friday 2019-04-12 16:00") in a `<time>` element.
    static func value(_ v: FactValue?, of slot: Int, _ rs: RuleSet, into h: inout HTMLWriter) {
        switch v {
        case .date(let d): HTMLDates.write(d, into: &h)
        case .dateTime(let d): HTMLDates.write(d, into: &h)
        default: h.text(rs.format(v, of: slot))
        }
    }

    /// A name with a line-break opportunity after each underscore (`cce_<wbr/>missing_<wbr/>episodes`),
    /// so long names wrap between words rather than inside them.
    static func identifier(_ name: String, into h: inout HTMLWriter) { h.text(name, breakingAfter: "_") }

    /// `<code>name</code>: text`, as an item of the missing information and the advice begins.
    static func named(_ name: String, _ text: String, into h: inout HTMLWriter) {
        h.element("code", text: name)
        h.raw(": ")
        h.text(text)
    }

    /// Each fired rule: its label and level, `because`, the facts it read, the scores it read, `source`.
    func fired(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        guard !r.fired.isEmpty else { return }
        Self.open(.fired, into: &h)
        for f in r.fired {
            let rule = rs.rules[f.rule]
            let view = FiredView(r, f)
            h.open("div", ["class": "rule"])
            h.open("h3")
            h.element("code", text: FiredRuleMember.rule.string(view) ?? rule.name)
            if let label = FiredRuleMember.label.string(view) { h.text(": " + label) }
            h.raw(" ")
            HTMLBadge.small(rule.level, rs, theme: theme, into: &h)
            h.close("h3")
            h.open("p")
            h.element("strong", text: "Because: ")
            h.text(FiredRuleMember.because.string(view) ?? "(no reason written)")
            h.close("p")
            writeFactsRead(view.facts, rs, into: &h)
            for s in f.scores where s < r.evaluation.scores.count {
                h.open("p")
                h.element("strong", text: "Score: ")
                h.text(Self.scoreAsRead(s, r))
                h.close("p")
            }
            h.open("p", ["class": "source"])
            h.element("strong", text: "Source: ")
            h.text(FiredRuleMember.source.string(view) ?? "(none cited)")
            h.close("p")
            h.close("div")
        }
        Self.close(&h)
    }

    /// The facts a fired rule read: each fact outside a tool as `name = value`; a tool's questions as the
    /// answers other than no (or 0), then how many were answered no and how many are unanswered, so a rule
    /// reading a checklist of 22 questions shows what was answered, not 22 lines of `= unknown`.
    func writeFactsRead(_ facts: [(slot: Int, value: FactValue?)], _ rs: RuleSet, into h: inout HTMLWriter) {
        let tools = ToolQuestions(rs)
        let plain = facts.filter { tools.tool(of: $0.slot) == nil }
        if !plain.isEmpty {
            h.open("p")
            h.element("strong", text: "Facts: ")
            for (k, fact) in plain.enumerated() {
                if k > 0 { h.raw(", ") }
                Self.assignment(fact.slot, fact.value, rs, into: &h)
            }
            h.close("p")
        }
        let value = Dictionary(facts.map { ($0.slot, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (t, slots) in tools.grouped(facts.map(\.slot).filter { tools.tool(of: $0) != nil }) {
            let score = rs.scores[t]
            let shown = slots.filter { value[$0].flatMap { $0 } != nil && !Self.isNo(value[$0] ?? nil) }
            let no = slots.filter { Self.isNo(value[$0] ?? nil) }.count
            let unanswered = slots.filter { value[$0].flatMap { $0 } == nil }.count
            h.open("p", ["class": "tool-answers"])
            h.element("strong", text: "\(score.label ?? score.name): ")
            for (k, slot) in shown.enumerated() {
                if k > 0 { h.raw(", ") }
                Self.assignment(slot, value[slot] ?? nil, rs, into: &h)
            }
            var counts: [String] = []
            if no > 0 { counts.append("\(no) answered no") }
            if unanswered > 0 { counts.append("\(Self.count(unanswered, "question")) unanswered") }
            if !counts.isEmpty { h.text((shown.isEmpty ? "" : "; ") + counts.joined(separator: "; ")) }
            h.close("p")
        }
    }

    /// `<code>name = value</code>`, a date with its weekday.
    static func assignment(_ slot: Int, _ v: FactValue?, _ rs: RuleSet, into h: inout HTMLWriter) {
        h.open("code")
        h.text(rs.facts[slot].name + " = ")
        value(v, of: slot, rs, into: &h)
        h.close("code")
    }

    /// What is known of a score a fired rule read: "cce is moderate" when its band is settled, else the
    /// lowest band it can still have, "cce is at least low (not settled)".
    static func scoreAsRead(_ s: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let score = rs.scores[s]
        let st = r.evaluation.scores[s]
        let possible = score.possibleBands(st)
        let name = score.name
        if possible.nonzeroBitCount <= 1 { return "\(name) is \(rs.bandName(s, st.band))" }
        let lowest = possible.trailingZeroBitCount
        return "\(name) is at least \(rs.bandName(s, lowest)) (not settled)"
    }

    /// The rules above the outcome that unknown facts keep open: "could be LEVEL if RULE fires".
    func couldBe(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.list(.couldBe, r.undetermined, into: &h) { u, h in
            let rule = rs.rules[u.rule]
            let view = UndeterminedView(ruleSet: rs, undetermined: u)
            h.raw("Could be ")
            HTMLBadge.small(rule.level, rs, theme: theme, into: &h)
            h.raw(" if rule ")
            h.element("code", text: UndeterminedRuleMember.rule.string(view) ?? rule.name)
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
        }
    }

    /// Unknown facts in order of consequence, with their questions and what they could change.
    func missing(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.list(.missing, r.missing, ordered: true, lead: "In order of consequence: ask these first.", into: &h) {
            m, h in
            if let t = m.tool, t < rs.scores.count {
                // A tool not started, as one line.
                let score = rs.scores[t]
                let view = MissingView(ruleSet: rs, missing: m, index: t)
                Self.named(
                    MissingToolMember.tool.string(view) ?? score.name,
                    (MissingToolMember.question.string(view) ?? score.name)
                        + " (not started, \(score.questions.count) questions)", into: &h)
                h.raw(" ")
                h.open("em")
                if let c = MissingToolMember.couldChange.string(view) { h.text("(could change the \(c))") }
                h.close("em")
                return
            }
            let fact = rs.facts[m.fact]
            let view = MissingView(ruleSet: rs, missing: m, index: m.fact)
            Self.named(
                MissingFactMember.fact.string(view) ?? fact.name,
                MissingFactMember.question.string(view) ?? "(no question written)", into: &h)
            h.raw(" ")
            h.open("em")
            h.text("(\(rs.missingReason(m)))")
            if fact.required, m.consequence != .required { h.text(" (required)") }
            h.close("em")
        }
    }

    /// The advice the outcome gives.
    func advice(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        let given = r.evaluation.advice.indices.filter { r.evaluation.advice[$0] && $0 < rs.advice.count }
        Self.list(.advice, given, into: &h) { a, h in
            let view = Indexed(rs, a)
            Self.named(
                AdviceMember.id.string(view) ?? rs.advice[a].name, AdviceMember.text.string(view) ?? rs.advice[a].text,
                into: &h)
            if let s = rs.advice[a].source {
                h.raw(" ")
                h.element("span", ["class": "muted"], text: "(source: \(s))")
            }
        }
    }

    /// What would change the outcome (counterfactuals).
    func changes(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        Self.list(.changes, r.changes, into: &h) { c, h in
            h.raw("It would be ")
            HTMLBadge.small(c.outcome, rs, theme: theme, into: &h)
            h.raw(" if ")
            for (k, s) in c.set.enumerated() {
                if k > 0 { h.raw(" and ") }
                Self.assignment(s.slot, s.value, rs, into: &h)
                let now = s.slot < r.evaluation.facts.count ? r.evaluation.facts[s.slot] : nil
                h.text(" (now ")
                Self.value(now, of: s.slot, rs, into: &h)
                h.text(")")
            }
        }
    }

    /// A section of the result object's `items`, each an item of a list (`ol` when `ordered`) that `item`
    /// writes, after a muted line `lead` when there is one; nothing at all when there are no items.
    static func list<Items: Collection>(
        _ section: CaseSheetSection, _ items: Items, ordered: Bool = false, lead: String? = nil,
        into h: inout HTMLWriter, _ item: (Items.Element, inout HTMLWriter) -> Void
    ) {
        guard !items.isEmpty else { return }
        open(section, into: &h)
        if let lead { h.element("p", ["class": "muted"], text: lead) }
        h.open(ordered ? "ol" : "ul")
        for x in items {
            h.open("li")
            item(x, &h)
            h.close("li")
        }
        h.close(ordered ? "ol" : "ul")
        close(&h)
    }

    static func open(_ heading: String, into h: inout HTMLWriter) {
        h.open("section")
        h.element("h2", text: heading)
    }

    /// Opens a section that shows members of the result object (`CaseSheetContent`), under its heading.
    static func open(_ section: CaseSheetSection, into h: inout HTMLWriter) { open(section.rawValue, into: &h) }

    static func close(_ h: inout HTMLWriter) {
        h.close("section")
        h.raw("\n")
    }

    static func empty(_ text: String, into h: inout HTMLWriter) { h.element("p", ["class": "empty"], text: text) }
}

/// Which score's tool asks each fact (the first tool, when two share a question).
struct ToolQuestions {
    var toolOf: [Int: Int] = [:]

    init(_ rs: RuleSet) {
        for (t, score) in rs.scores.enumerated() where score.tool != nil {
            for q in score.questions where toolOf[q] == nil { toolOf[q] = t }
        }
    }

    func tool(of slot: Int) -> Int? { toolOf[slot] }

    /// The slots grouped by their tool, tools in the order their first slot comes.
    func grouped(_ slots: [Int]) -> [(tool: Int, slots: [Int])] {
        var out: [(tool: Int, slots: [Int])] = []
        for slot in slots {
            guard let t = toolOf[slot] else { continue }
            if let i = out.firstIndex(where: { $0.tool == t }) {
                out[i].slots.append(slot)
            } else {
                out.append((t, [slot]))
            }
        }
        return out
    }
}

/// Dates on the case sheet: the day of the week first, then the date as the language writes it
/// ("Friday 2019-04-12 16:00"), in a `<time>` element carrying the ISO form.
enum HTMLDates {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func words(_ d: CivilDate) -> String { weekdays[(d.weekday - 1) % 7] + " " + d.description }

    static func words(_ d: CivilDateTime) -> String { weekdays[(d.date.weekday - 1) % 7] + " " + d.description }

    static func write(_ d: CivilDate, into h: inout HTMLWriter) {
        h.element("time", ["datetime": d.description], text: words(d))
    }

    static func write(_ d: CivilDateTime, into h: inout HTMLWriter) {
        h.element("time", ["datetime": d.isoDescription], text: words(d))
    }
}
