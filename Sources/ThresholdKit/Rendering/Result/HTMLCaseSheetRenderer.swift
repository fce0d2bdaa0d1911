/// Renders scored results as case sheets on one self-contained HTML page (`threshold score --format html`):
/// per scenario the outcome badge with its route, timescale and due time, the facts given with their
/// questions, the fired rules with `because` and `source`, each score as a chart, the "could be" lines,
/// missing information, advice, what would change the outcome, and the rule set in the footer.
///
/// It shows the members of the result object that `JSONResultRenderer` writes (`ResultDescription`), each in the
/// part of the sheet `CaseSheetContent` gives it, reading a member's value through the description where the sheet
/// shows it as the JSON does (`CappedMember.because`, `AdviceMember.text`, …). Each sheet prints on its own A4 page. Every text from rules and scenarios is escaped (see `HTMLEscaping`).
///
/// With `exercise: true` (`--exercise`) each sheet is a handout for a training room: the scenario's
/// title, story and source, the facts and the scores' totals, then boxes to tick a rating and ruled lines
/// for the rationale; the outcome, the rules, the bands, missing information, advice and changes are left
/// out. The normal sheet is its answer sheet.
///
/// ```swift
/// let scoring = Scoring(ruleSet)
/// let page = HTMLCaseSheetRenderer().render(scenarios.map { scoring.score($0) })
/// let handout = HTMLCaseSheetRenderer(exercise: true).render(scenarios.map { scoring.score($0) })
/// ```
public struct HTMLCaseSheetRenderer: Sendable {
    var theme: HTMLTheme
    /// A training handout without the answers (see above), not the case sheet.
    public var exercise: Bool

    public init(exercise: Bool = false) {
        theme = .standard
        self.exercise = exercise
    }

    init(theme: HTMLTheme, exercise: Bool = false) {
        self.theme = theme
        self.exercise = exercise
    }

    /// One page holding a sheet per result, in order.
    public func render(_ results: [ScoredResult]) -> String {
        let title: String
        let kind = exercise ? "Exercise" : "Case sheet"
        if exercise {
            // A handout names no scenario: titles and ids often name the answer (`… held at amber`).
            title =
                (results.count == 1 ? "Exercise" : "Exercises: \(results.count) cases")
                + (results.first.map { " (\($0.ruleSet.name))" } ?? "")
        } else if results.count == 1, let r = results.first {
            title = kind + ": " + (r.title ?? r.scenarioID ?? "scenario") + " (\(r.ruleSet.name))"
        } else {
            title =
                (exercise ? "Exercises" : "Case sheets") + ": \(results.count) scenarios"
                + (results.first.map { " (\($0.ruleSet.name))" } ?? "")
        }
        let page = HTMLPage(title: title, css: HTMLTheme.baseCSS)
        return page.render { h in
            h.open("main")
            for (i, r) in results.enumerated() { writeSheet(r, number: i, into: &h) }
            if results.isEmpty { h.element("p", ["class": "empty"], text: "No scenario was scored.") }
            h.close("main")
        }
    }

    /// One sheet: a `<section>` with its own heading, badge, sections and footer. `number` keeps the
    /// ids of its parts unique on the page.
    func writeSheet(_ r: ScoredResult, number: Int, into h: inout HTMLWriter) {
        let id = "sheet-\(number)"
        h.open("section", ["class": "sheet", "id": id, "aria-labelledby": id + "-title"])
        h.raw("\n")
        let sections = CaseSheetSections(theme: theme)
        if exercise {
            writeExerciseHeader(r, id: id, number: number, into: &h)
            sections.story(r, into: &h)
            sections.facts(r, into: &h)
            HTMLScoreSection(theme: theme).writeTotals(r, into: &h)
            writeAnswerSpace(r, id: id, into: &h)
            writeFooter(r.ruleSet, into: &h)
            h.close("section")
            h.raw("\n")
            return
        }
        writeHeader(r, id: id, into: &h)
        sections.story(r, into: &h)
        sections.facts(r, into: &h)
        sections.fired(r, into: &h)
        HTMLScoreSection(theme: theme).write(r, id: id, into: &h)
        sections.couldBe(r, into: &h)
        sections.missing(r, into: &h)
        sections.advice(r, into: &h)
        sections.changes(r, into: &h)
        writeFooter(r.ruleSet, into: &h)
        h.close("section")
        h.raw("\n")
    }

    /// The scenario's name, the large badge, and the outcome's label, route, timescale and due time.
    func writeHeader(_ r: ScoredResult, id: String, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        let level = rs.levels[r.outcome]
        writeTitle(r, id: id, kind: "Case sheet", into: &h)
        h.open("dl", ["class": "outcome"])
        h.element("dt", text: "Outcome")
        h.open("dd")
        h.text(level.label + " ")
        h.element("code", text: "(\(level.name))")
        if r.fired.isEmpty { h.text(" — the default: no rule fired") }
        h.close("dd")
        let outcome = OutcomeView(ruleSet: rs, level: r.outcome, due: r.evaluation.due)
        h.element("dt", text: "Route")
        h.element("dd", text: OutcomeMember.route.string(outcome) ?? "none given")
        h.element("dt", text: "Timescale")
        h.element("dd", text: OutcomeMember.within.string(outcome).map { "within " + $0 } ?? "none given")
        h.element("dt", text: "Due")
        if let due = r.evaluation.due {
            h.open("dd")
            HTMLDates.write(due, into: &h)
            h.close("dd")
        } else {
            h.element(
                "dd",
                text: rs.clockFact.map { "not known: \(rs.facts[$0].name) is unknown" } ?? "no clock in this rule set")
        }
        h.element("dt", text: "Settled")
        if let provisional = r.provisionalText {
            h.element("dd", ["class": "provisional"], text: "no: provisional. It \(provisional).")
        } else {
            h.element("dd", text: "yes: no unanswered question could change it")
        }
        if let held = r.heldText, let c = r.evaluation.cap {
            // `capped` (CaseSheetContent): its level, cap and rules in words, then its `because` and `source`.
            let cap = CapView(result: r, cap: c)
            h.element("dt", text: "Held")
            h.open("dd", ["class": "held"])
            h.text("It is \(held).")
            if let because = CappedMember.because.string(cap) { h.text(" " + because) }
            h.text(" " + ScoredResult.heldAdvice)
            h.close("dd")
            if let source = CappedMember.source.string(cap) {
                h.element("dt", text: "Cap's source")
                h.element("dd", ["class": "muted"], text: source)
            }
        }
        if case .array(let warnings)? = ResultDescription.member(.warnings).value(r) {
            for case .string(let warning) in warnings {
                h.element("dt", text: "Warning")
                h.element("dd", ["class": "warning"], text: warning)
            }
        }
        h.close("dl")
        h.close("div")
        let heldBy = r.evaluation.cap.map { "Held by " + (rs.caps[$0].label ?? "cap " + rs.caps[$0].name) }
        let note = heldBy ?? (r.settled ? nil : "Provisional: could change")
        HTMLBadge.large(r.outcome, rs, theme: theme, note: note, into: &h)
        h.close("header")
        h.raw("\n")
    }

    /// Opens the header and its title block: what the page is, the scenario's title and its id.
    func writeTitle(_ r: ScoredResult, id: String, kind: String, into h: inout HTMLWriter) {
        h.open("header")
        h.open("div", ["class": "who"])
        h.element("p", ["class": "muted"], text: kind)
        h.open("h1", ["id": id + "-title"])
        h.text(r.title ?? r.scenarioID ?? "Scenario")
        h.close("h1")
        if let sid = r.scenarioID {
            h.open("p")
            h.raw("Scenario ")
            h.element("code", text: sid)
            h.close("p")
        }
    }

    /// The handout's header: "Case N" (the Nth sheet, as the case sheets of the same file are in order), and
    /// what to do; no outcome, and neither the scenario's title nor its id, which often name the answer (as the
    /// workbench shows trainees neither before the reveal).
    func writeExerciseHeader(_ r: ScoredResult, id: String, number: Int, into h: inout HTMLWriter) {
        h.open("header")
        h.open("div", ["class": "who"])
        h.element("p", ["class": "muted"], text: "Exercise handout")
        h.element("h1", ["id": id + "-title"], text: "Case \(number + 1)")
        h.element(
            "p", ["class": "task"],
            text:
                "Read the case and the facts. Tick the rating you would give, and write why: what decides it, and what you would still ask."
        )
        h.close("div")
        h.close("header")
        h.raw("\n")
    }

    /// Space to answer: each level of the rule set with a box to tick, in words (its label, name, route
    /// and timescale), then ruled lines for the rationale.
    func writeAnswerSpace(_ r: ScoredResult, id: String, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        h.open("section", ["class": "answer"])
        h.element("h2", text: "Your rating: tick one")
        h.open("ul", ["class": "levels"])
        for (i, level) in rs.levels.enumerated() {
            h.open("li")
            h.raw("<span class=\"box\" aria-hidden=\"true\"></span> ")
            h.element("strong", text: level.label)
            h.raw(" ")
            h.element("code", text: "(\(level.name))")
            h.text(", \(i + 1) of \(rs.levels.count)")
            let route = rs.routeDescription(i)
            if !route.isEmpty { h.text(": " + route) }
            h.close("li")
        }
        h.close("ul")
        h.element("h2", text: "Your rationale")
        h.element(
            "p", ["class": "muted"],
            text: "What decides the rating, which facts matter most, what is missing, and who you would talk to.")
        h.open("div", ["class": "lines", "role": "presentation"])
        for _ in 0..<7 { h.raw("<div class=\"line\"></div>") }
        h.close("div")
        h.close("section")
        h.raw("\n")
    }

    /// The rule set's name, version and fingerprint.
    func writeFooter(_ rs: RuleSet, into h: inout HTMLWriter) {
        h.open("footer")
        h.open("p")
        h.raw("Rules: ")
        h.element("strong", text: RuleSetMember.name.string(rs) ?? rs.name)
        if let v = RuleSetMember.version.string(rs) { h.text(" version " + v) }
        h.raw(" · fingerprint ")
        h.element("code", ["class": "fingerprint"], text: RuleSetMember.fingerprint.string(rs) ?? rs.fingerprint)
        h.close("p")
        h.element("p", text: "Decision support only: the practitioner's recorded judgement decides.")
        h.close("footer")
        h.raw("\n")
    }
}
