import Foundation

/// `threshold audit --format html`: one self-contained page (inline CSS and SVG, no script): agreement and
/// kappa with its 95% interval drawn on a scale, the matrix as a heatmap (every cell shows its count, and
/// cells off the diagonal are outlined and marked ▲ or ▼, so colour is never the only signal), the
/// distribution of outcomes as bars with their numbers, the causes, timeliness and the groups. The page
/// shell, the theme's level colours and the escaping of every text are the HTML pages' own.
///
/// ```swift
/// let page = AuditHTMLRenderer().render(run.report())   // `run`: an `AuditRun` given its files
/// ```
public struct AuditHTMLRenderer {
    public init() {}

    public func render(_ r: AuditReport) -> String {
        let text = AuditTextRenderer()
        var h = HTMLWriter(capacity: 1 << 16)
        h.open("main")
        h.element("h1", text: "Audit of recorded decisions")
        h.open("p", ["class": "muted"])
        h.text(
            "\(r.decisions) decision\(r.decisions == 1 ? "" : "s") against “\(r.ruleSet.name)”"
                + (r.ruleSet.version.map { " version \($0)" } ?? "") + ". Rules fingerprint ")
        h.element("code", text: String(r.ruleSet.fingerprint.prefix(23)) + "…")
        if r.skipped > 0 { h.text(". \(r.skipped) row\(r.skipped == 1 ? "" : "s") skipped (listed at the end)") }
        h.text(".")
        h.close("p")

        h.element("h2", text: "Agreement")
        h.open("p", ["class": "summary"])
        h.element("strong", text: text.percent(r.overall.agreement))
        h.text(
            " exact agreement (\(r.overall.agreed) of \(r.overall.decisions)); the rules give a higher level for "
                + "\(r.overall.higher), a lower one for \(r.overall.lower).")
        h.close("p")
        kappaScale(&h, r.overall)

        h.element("h2", text: "Agreement matrix")
        h.element(
            "p", ["class": "note"],
            text:
                "Rows: the level recorded; columns: the rules' answer. Darker cells hold more decisions; cells off the diagonal are outlined and marked ▲ (the rules give higher) or ▼ (lower)."
        )
        heatmap(&h, r.levels, r.overall.matrix)

        h.element("h2", text: "Distribution of outcomes")
        distribution(&h, r)

        h.element("h2", text: "Disagreements by cause")
        if r.causes.isEmpty {
            h.element(
                "p",
                text: r.decisions == 0 ? "None: no decisions were read." : "None: every decision agrees with the rules."
            )
        }
        for c in r.causes {
            h.open("div", ["class": "cause"])
            h.element("h3", text: r.headline(c))
            h.open("ul")
            for reason in r.reasons(c) { h.element("li", text: reason) }
            let facts = r.factsLine(c)
            if !facts.isEmpty { h.element("li", text: "Facts: " + facts) }
            if !c.missing.isEmpty { h.element("li", text: "Unanswered: " + text.counts(c.missing)) }
            h.close("ul")
            h.close("div")
        }
        h.element(
            "p",
            text:
                "Undetermined: \(r.undetermined) decision\(r.undetermined == 1 ? "" : "s") whose facts leave the rules' answer provisional"
                + (r.undeterminedMissing.isEmpty
                    ? "." : "; unanswered questions that could change it: \(text.counts(r.undeterminedMissing))."))

        if !r.timeliness.isEmpty {
            h.element("h2", text: "Timeliness")
            h.element(
                "p", ["class": "note"], text: "From received to decided_at, against the recorded level's timescale.")
            var rows: [[String]] = []
            for x in r.timeliness {
                rows.append([
                    r.levels[x.level], r.ruleSet.levels[x.level].within?.description ?? "", String(x.timed),
                    text.share(x.late, x.timed),
                ])
            }
            table(&h, ["Level", "Within", "Decisions", "Late"], rows)
        }
        groups(&h, "Teams", r.teams, below: r.teamsBelow, r)
        groups(&h, "Practitioners", r.practitioners, below: r.practitionersBelow, r)
        if !r.skips.isEmpty {
            h.element("h2", text: "Rows skipped")
            h.open("ul")
            for s in r.skips { h.element("li", text: s.description) }
            if r.skipped > r.skips.count { h.element("li", text: "and \(r.skipped - r.skips.count) more") }
            h.close("ul")
        }
        h.close("main")
        let body = h.html
        let css = HTMLTheme.standard.css(levels: r.levels) + AuditHTMLRenderer.css
        return HTMLPage(title: "threshold audit: \(r.ruleSet.name)", css: css).render(capacity: body.utf8.count + 8192)
        { $0.raw(body) }
    }

    /// Kappa and linear kappa, each a point with its 95% interval on a scale from -1 to 1, with the numbers.
    func kappaScale(_ h: inout HTMLWriter, _ x: AuditReport.Summary) {
        let text = AuditTextRenderer()
        h.open("dl", ["class": "kappa"])
        for (label, k) in [("Cohen's kappa", x.unweighted), ("Linearly weighted kappa", x.linear)] {
            h.element("dt", text: label)
            h.open("dd")
            h.element("strong", text: k.map { text.fixed($0.kappa, 3) } ?? "undefined")
            if let k {
                h.text(" (95% CI \(text.fixed(k.low, 3)) to \(text.fixed(k.high, 3)))")
                let px: (Double) -> String = { v in text.fixed(10 + (Swift.min(1, Swift.max(-1, v)) + 1) / 2 * 300, 1) }
                h.raw(
                    "<svg class=\"scale\" viewBox=\"0 0 320 34\" width=\"320\" height=\"34\" role=\"img\" aria-label=\""
                )
                h.text(
                    "\(label) \(text.fixed(k.kappa, 3)), interval \(text.fixed(k.low, 3)) to \(text.fixed(k.high, 3))")
                h.raw("\">")
                h.raw("<line x1=\"10\" y1=\"14\" x2=\"310\" y2=\"14\" stroke=\"#9aa0a8\" stroke-width=\"1\"/>")
                for t in [-1.0, 0, 0.5, 1] {
                    h.raw(
                        "<line x1=\"\(px(t))\" y1=\"9\" x2=\"\(px(t))\" y2=\"19\" stroke=\"#9aa0a8\"/><text x=\"\(px(t))\" y=\"31\" font-size=\"10\" text-anchor=\"middle\">\(t == 0 ? "0" : text.fixed(t, t == 0.5 ? 1 : 0))</text>"
                    )
                }
                h.raw(
                    "<line x1=\"\(px(k.low))\" y1=\"14\" x2=\"\(px(k.high))\" y2=\"14\" stroke=\"#1f5fa8\" stroke-width=\"4\"/>"
                )
                h.raw("<circle cx=\"\(px(k.kappa))\" cy=\"14\" r=\"5\" fill=\"#1a1a1a\"/></svg>")
            }
            h.close("dd")
        }
        h.close("dl")
    }

    func heatmap(_ h: inout HTMLWriter, _ levels: [String], _ m: [[Int]]) {
        let top = m.flatMap { $0 }.max() ?? 0
        h.open("table", ["class": "heat"])
        h.element("caption", text: "Recorded (rows) by the rules (columns)")
        h.open("thead")
        h.open("tr")
        h.element("th", ["scope": "col"], text: "recorded \\ rules")
        for l in levels { h.element("th", ["scope": "col"], text: l) }
        h.close("tr")
        h.close("thead")
        h.open("tbody")
        for (i, l) in levels.enumerated() {
            h.open("tr")
            h.element("th", ["scope": "row"], text: l)
            for j in levels.indices {
                let n = m[i][j]
                let share = top > 0 && n > 0 ? Swift.max(0.08, (Double(n) / Double(top)).squareRoot()) : 0
                let alpha = (share * 100).rounded() / 100
                let hue = i == j ? "33, 102, 172" : "214, 96, 77"
                let cls = (i == j ? "same" : (n > 0 ? "moved" : "off")) + (alpha > 0.55 ? " dark" : "")
                h.open("td", ["class": cls, "style": "background: rgba(\(hue), \(alpha))"])
                if n == 0 {
                    h.element("span", ["class": "zero"], text: "·")
                } else {
                    if i != j {
                        h.element(
                            "span", ["aria-label": j > i ? "rules higher" : "rules lower"], text: j > i ? "▲ " : "▼ ")
                    }
                    h.text(String(n))
                }
                h.close("td")
            }
            h.close("tr")
        }
        h.close("tbody")
        h.close("table")
    }

    /// Two bars per level (recorded, rules), each with its count and percent written beside it.
    func distribution(_ h: inout HTMLWriter, _ r: AuditReport) {
        let text = AuditTextRenderer()
        let rec = r.recordedDistribution
        let rul = r.rulesDistribution
        let n = Swift.max(1, r.decisions)
        h.open("table", ["class": "bars"])
        h.open("thead")
        h.open("tr")
        for c in ["Level", "", "Share of decisions"] { h.element("th", ["scope": "col"], text: c) }
        h.close("tr")
        h.close("thead")
        h.open("tbody")
        for (i, l) in r.levels.enumerated() {
            for (k, (who, count)) in [("recorded", rec[i]), ("rules", rul[i])].enumerated() {
                h.open("tr", ["class": k == 0 ? "first" : "second"])
                if k == 0 { h.element("th", ["scope": "row", "rowspan": "2"], text: l) }
                h.element("td", ["class": "who"], text: who)
                h.open("td")
                let width = text.fixed(100 * Double(count) / Double(n), 1)
                h.element(
                    "span", ["class": "bar level-\(i)\(k == 1 ? " rules" : "")", "style": "width: \(width)%"], text: "")
                h.element("span", ["class": "value"], text: text.share(count, r.decisions))
                h.close("td")
                h.close("tr")
            }
        }
        h.close("tbody")
        h.close("table")
    }

    func groups(
        _ h: inout HTMLWriter, _ title: String, _ g: [(String, AuditReport.Summary)], below: Int, _ r: AuditReport
    ) {
        guard !g.isEmpty || below > 0 else { return }
        let text = AuditTextRenderer()
        h.element("h2", text: title)
        h.element(
            "p", ["class": "note"],
            text: "Those with at least \(r.minGroup) decisions" + (below > 0 ? "; \(below) with fewer left out." : "."))
        table(
            &h,
            [
                "Name", "Decisions", "Agreement", "Kappa (95% CI)", "Linear kappa (95% CI)", "Rules higher",
                "Rules lower",
            ],
            g.map { name, x in
                [
                    name, String(x.decisions), text.percent(x.agreement), text.kappa(x.unweighted),
                    text.kappa(x.linear),
                    String(x.higher), String(x.lower),
                ]
            })
    }

    func table(_ h: inout HTMLWriter, _ head: [String], _ rows: [[String]]) {
        h.open("table", ["class": "list"])
        h.open("thead")
        h.open("tr")
        for c in head { h.element("th", ["scope": "col"], text: c) }
        h.close("tr")
        h.close("thead")
        h.open("tbody")
        for row in rows {
            h.open("tr")
            for c in row { h.element("td", text: c) }
            h.close("tr")
        }
        h.close("tbody")
        h.close("table")
    }

    static let css = """
        .summary{font-size:1.1rem}.note{color:var(--muted);font-size:.9rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.35rem .6rem}thead th{background:var(--soft)}
        .heat td{text-align:right;min-width:4.5rem;font-variant-numeric:tabular-nums}
        .heat td.moved{outline:3px solid #b2182b;outline-offset:-3px;font-weight:700}
        .heat td.dark{color:#fff}.zero{color:#999}
        dl.kappa{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;align-items:center}
        dl.kappa dt{font-weight:700}dl.kappa dd{margin:0}svg.scale{display:block}
        table.bars{width:100%}table.bars td{border-left:none;border-right:none}table.bars td.who{width:6rem;color:var(--muted)}
        .bar{display:inline-block;height:1rem;vertical-align:middle;border:1px solid;min-width:1px;margin-right:.5rem}
        .bar.rules{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 3px,transparent 3px 7px)}
        .value{font-variant-numeric:tabular-nums}
        .cause{border:1px solid var(--line);border-left:6px solid #b2182b;border-radius:4px;margin:.6rem 0;padding:.3rem .8rem}
        .cause h3{margin:.2rem 0}.cause ul{margin:.3rem 0}
        .list td,.list th{text-align:left;vertical-align:top}
        @media print{.cause{break-inside:avoid}}
        """
}
