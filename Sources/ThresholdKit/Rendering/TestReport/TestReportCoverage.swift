/// The coverage part of the HTML test report: per rule set, a table of bars (rules fired, each score's
/// bands reached, advice given, facts given a value), each with its numbers and the names never exercised.
enum TestReportCoverage {
    static func write(_ coverage: [Coverage], into h: inout HTMLWriter) {
        h.open("section", ["aria-labelledby": "coverage"])
        h.element("h2", ["id": "coverage"], text: "Coverage")
        if coverage.isEmpty { CaseSheetSections.empty("No rule set was exercised.", into: &h) }
        for (k, c) in coverage.enumerated() {
            let rs = c.ruleSet
            h.open("h3", ["id": "coverage-\(k)"])
            h.text(rs.name + (rs.version.map { " " + $0 } ?? ""))
            h.close("h3")
            h.open("p", ["class": "muted"])
            h.element("code", text: c.rulesPath)
            h.text(": \(TestReport.count(c.scenarios, "scenario")) from \(TestReport.count(c.files.count, "file"))")
            h.close("p")
            h.open("table", ["aria-describedby": "coverage-\(k)", "class": "coverage"])
            h.raw(
                "<colgroup><col class=\"c-what\"/><col class=\"c-covered\"/><col class=\"c-chart\"/><col/></colgroup>")
            h.raw(
                "<thead><tr><th scope=\"col\">What</th><th scope=\"col\">Covered</th><th scope=\"col\">Chart</th><th scope=\"col\">Never exercised</th></tr></thead>"
            )
            h.open("tbody")
            row("Rules fired", c.rules, into: &h)
            if !c.ruleSet.caps.isEmpty { row("Caps that held the outcome lower", c.caps, into: &h) }
            for (score, tally) in c.bands { row("\(score) bands reached", tally, into: &h) }
            row("Advice given", c.advice, into: &h)
            row("Facts given a value", c.facts, into: &h)
            h.close("tbody")
            h.close("table")
        }
        h.close("section")
        h.raw("\n")
    }

    static func row(_ what: String, _ t: Coverage.Tally, into h: inout HTMLWriter) {
        h.open("tr")
        h.element("th", ["scope": "row"], text: what)
        h.element("td", ["class": "mono"], text: "\(t.covered) of \(t.total) (\(t.percentText))")
        h.open("td")
        let p = t.permille ?? 0
        h.open("span", ["class": "bar", "role": "img", "aria-label": "\(t.percentText) covered"])
        h.void("span", ["style": "width:\(p / 10).\(p % 10)%"])
        h.close("span")
        h.close("td")
        h.open("td")
        if t.never.isEmpty { h.element("span", ["class": "muted"], text: "none") }
        for (i, name) in t.never.enumerated() {
            if i > 0 { h.raw(", ") }
            h.element("code", text: name)
        }
        h.close("td")
        h.close("tr")
        h.raw("\n")
    }
}
