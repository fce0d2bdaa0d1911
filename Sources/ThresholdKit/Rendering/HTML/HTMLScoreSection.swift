/// The scores of a case sheet: per score a chart (bands with their cut-offs, the possible range shaded, the
/// total marked), then the same in words: total, range, band, a floor that raised the band and why, the
/// domains, and the tool's completion.
struct HTMLScoreSection {
    var theme: HTMLTheme

    func write(_ r: ScoredResult, id: String, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        guard !rs.scores.isEmpty else { return }
        CaseSheetSections.open(.scores, into: &h)
        for (i, score) in rs.scores.enumerated() where i < r.evaluation.scores.count {
            let st = r.evaluation.scores[i]
            h.open("div", ["class": "score"])
            h.open("h3")
            h.element("code", text: score.name)
            if let label = score.label { h.text(": " + label) }
            h.close("h3")
            // Chart and total on the left, the rest in words on the right (side by side when printed).
            h.open("div", ["class": "score-body"])
            h.open("div", ["class": "score-chart"])
            HTMLScoreChart(theme: theme).write(score, st, id: "\(id)-score-\(i)", into: &h)
            h.open("p")
            h.element("strong", text: "Total \(st.total)")
            let status = score.status(r.evaluation.facts)
            // A tool not for this child's age will not be answered: no range it could still reach.
            if !st.range.isExact, status != .notApplicable {
                h.text(
                    " (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more") once the unknown items are answered)"
                )
            }
            let band = score.reportedBand(st, status: status)
            h.text("; band ")
            if band >= 0, band < score.bands.count {
                h.element("strong", text: rs.bandName(i, band))
                h.text(" (" + score.bands[band].label + ")")
            } else {
                let none = status == .notApplicable ? "none: not for this age" : "not yet known"
                h.element("strong", text: score.tool != nil ? none : "none")
            }
            let reach = score.couldReach(st, status: status).bandIndices.map { rs.bandName(i, $0) }
            if !reach.isEmpty { h.text("; could be " + reach.joined(separator: ", ")) }
            h.text(".")
            h.close("p")
            h.close("div")
            h.open("div", ["class": "score-words"])
            h.open("p", ["class": "muted"])
            h.text(
                "Bands: "
                    + score.bands.indices.map { b in
                        let band = score.bands[b]
                        let upper = b + 1 < score.bands.count ? " below \(score.bands[b + 1].low)" : " and over"
                        return "\(band.name) (\(band.label)) \(band.low)\(upper)"
                    }.joined(separator: "; ") + ".")
            h.close("p")
            if let f = st.floor, f >= 0, f < score.floors.count {
                let floor = score.floors[f]
                h.open("p")
                h.element("strong", text: "Floor: ")
                h.text("raised to \(rs.bandName(i, floor.band)) from \(rs.bandName(i, st.bandBeforeFloors))")
                h.text(floor.reason.map { ": " + $0 } ?? ".")
                h.close("p")
            }
            writeCompletion(score, st, r.evaluation.facts, into: &h)
            if !score.domains.isEmpty { writeDomains(score, st, into: &h) }
            h.close("div")
            h.close("div")
            if let source = score.source { h.element("p", ["class": "muted source"], text: "Source: " + source) }
            h.close("div")
        }
        CaseSheetSections.close(&h)
    }

    /// The score's completion: its status (as in the result object), the questions answered of its questions.
    func writeCompletion(
        _ score: RuleSet.Score, _ st: Evaluation.ScoreState, _ facts: FactVector, into h: inout HTMLWriter
    ) {
        let answered = facts.withUnsafeBufferPointer { score.answered($0) }
        let status = score.status(facts)
        h.open("p", ["class": "completion", "data-status": status.name])
        h.text("Completion: \(status.words) (\(answered) of \(score.questions.count) questions answered)")
        if score.tool != nil, status == .notStarted { h.text(": " + (score.tool?.instruction ?? "")) }
        h.text(".")
        h.close("p")
    }

    /// The points of each domain, on one line: "Domains: Vulnerability (`vulnerability`) 3; …".
    func writeDomains(_ score: RuleSet.Score, _ st: Evaluation.ScoreState, into h: inout HTMLWriter) {
        h.open("p", ["class": "domains"])
        h.element("strong", text: "Domains: ")
        for (d, domain) in score.domains.enumerated() {
            if d > 0 { h.raw("; ") }
            h.open("span", ["class": "nowrap"])
            if let label = domain.label {
                h.text(label + " ")
                h.element("code", text: "(\(domain.name))")
            } else {
                h.element("code", text: domain.name)
            }
            h.raw(" ")
            h.element("strong", text: d < st.domainTotals.count ? "\(st.domainTotals[d])" : "?")
            h.close("span")
        }
        h.text(".")
        h.close("p")
    }

    /// For the exercise handout: each score's total and how much of it is answered, without its bands
    /// or chart (they would give the rating away).
    func writeTotals(_ r: ScoredResult, into h: inout HTMLWriter) {
        let rs = r.ruleSet
        guard !rs.scores.isEmpty else { return }
        CaseSheetSections.open("Scores", into: &h)
        h.open("ul")
        for (i, score) in rs.scores.enumerated() where i < r.evaluation.scores.count {
            let st = r.evaluation.scores[i]
            let answered = r.evaluation.facts.withUnsafeBufferPointer { score.answered($0) }
            h.open("li")
            h.element("code", text: score.name)
            if let label = score.label { h.text(": " + label) }
            h.text(": total ")
            h.element("strong", text: "\(st.total)")
            if !st.range.isExact {
                h.text(
                    " (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more"))"
                )
            }
            if let top = score.possibleMax?.finite { h.text(" of \(top)") }
            if !score.questions.isEmpty { h.text("; \(answered) of \(score.questions.count) questions answered") }
            h.text(".")
            h.close("li")
        }
        h.close("ul")
        CaseSheetSections.close(&h)
    }
}
