/// `threshold diff --format html`: one self-contained page (inline CSS, no script): the outcome matrix
/// and the moved band matrices as heatmaps (each cell also shows its count, and changed cells are
/// outlined and marked, so colour is never the only signal), the groups of changed cases with their ids,
/// the failing expectations and the rule-set changes. The page shell and the escaping of every text are
/// the HTML pages' own (`HTMLPage`, `HTMLEscaping`).
///
/// ```swift
/// let page = DiffHTMLRenderer().render(run.report())   // `run`: a `DiffRun` given its cases
/// ```
public struct DiffHTMLRenderer {
    public init() {}

    public func render(_ r: DiffReport) -> String {
        var h = "<main>\n"
        h += "<h1>What the revision changes</h1>\n<dl class=\"versions\">"
        h += "<dt>Old</dt><dd>\(version(r.old))</dd><dt>New</dt><dd>\(version(r.new))</dd></dl>\n"
        h +=
            "<p class=\"summary\"><strong>\(r.outcomeChanges)</strong> of \(r.scenarios) case\(s(r.scenarios)) change outcome; "
        h +=
            "\(r.changed.count) change in any way (\(r.workedCases) worked case\(s(r.workedCases)), \(r.lines) referral line\(s(r.lines))).</p>\n"
        if !r.droppedFacts.isEmpty {
            h += "<section>\n<h2>Facts the new version no longer declares, given by cases</h2>\n"
            h += "<p class=\"note\">Cases that give them were \(e(DiffReport.droppedNote)).</p>\n<ul>"
            for d in r.droppedFacts { h += "<li><code>\(e(d.fact))</code>: \(d.cases) case\(s(d.cases))</li>" }
            h += "</ul>\n</section>\n"
        }

        h += "<section>\n<h2>Outcomes</h2>\n<p class=\"note\">Rows: the old version's outcome; columns: the new one's. "
        h +=
            "Darker cells hold more cases; cells where the outcome changed are outlined and marked ▲ (higher) or ▼ (lower) or ◆ (renamed level).</p>\n"
        h += heatmap(
            caption: "Outcome, old (rows) by new (columns)", rows: r.old.levels, columns: r.new.levels,
            counts: r.outcomes,
            rowNote: { r.oldOnlyLevels.contains($0) ? "old only" : nil },
            columnNote: { r.newOnlyLevels.contains($0) ? "new only" : nil },
            direction: { i, j in
                let name = r.old.levels[i]
                let other = r.new.levels[j]
                if name == other { return nil }
                guard let k = r.new.levels.firstIndex(of: name) else { return "◆" }
                return j > k ? "▲" : "▼"
            })
        for m in r.bandMatrices where DiffTextRenderer.moved(m) {
            h += "<h3>Bands of \(e(m.score))</h3>\n"
            h += heatmap(
                caption: "\(m.score) band, old (rows) by new (columns)", rows: m.oldBands, columns: m.newBands,
                counts: m.counts,
                rowNote: { _ in nil }, columnNote: { _ in nil },
                direction: { i, j in
                    let name = m.oldBands[i]
                    let other = m.newBands[j]
                    if name == other { return nil }
                    guard let k = m.newBands.firstIndex(of: name) else { return "◆" }
                    return j > k ? "▲" : "▼"
                })
        }
        h += "</section>\n"

        h += "<section>\n<h2>Changed cases, by cause</h2>\n"
        if r.groups.isEmpty { h += "<p>No case changed.</p>\n" }
        for g in r.groups {
            h +=
                "<div class=\"group\(g.cause.outcomeChanged ? "" : " same")\"><h3><span class=\"count\">\(g.count)</span> case\(s(g.count)) "
            h += "<span class=\"transition\">\(e(DiffGrouping.transition(g.cause)))</span></h3>\n<ul class=\"reasons\">"
            for reason in DiffGrouping.reasons(g) { h += "<li>\(code(reason))</li>" }
            if let due = r.dueChange(g.cause) { h += "<li>\(e(due))</li>" }
            h += "</ul>\n<details><summary>The \(g.count == 1 ? "case" : "\(g.count) cases")</summary><p class=\"ids\">"
            h += g.ids.map(e).joined(separator: ", ") + "</p></details></div>\n"
        }
        h += "</section>\n"

        if !r.failingExpectations.isEmpty {
            h +=
                "<section>\n<h2>Worked-case expectations that would fail under the new version</h2>\n<table class=\"list\">"
            h +=
                "<thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Expectation</th><th scope=\"col\">Under new</th><th scope=\"col\">Under old</th></tr></thead><tbody>"
            for f in r.failingExpectations {
                let place = [f.file, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                h +=
                    "<tr><td>\(e(f.scenario))<br/><small>\(e(place))</small></td><td><code>\(e(f.expectation))</code></td>"
                h += "<td>\(e(f.message))</td><td>\(f.passedUnderOld ? "held" : "failed too")</td></tr>"
            }
            h += "</tbody></table>\n</section>\n"
        }

        h += "<section>\n<h2>Rule set changes</h2>\n"
        if r.rulesetChanges.isEmpty {
            h += "<p>None: the two versions mean the same.</p>\n"
        } else {
            h +=
                "<table class=\"list\"><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Name</th><th scope=\"col\">Change</th><th scope=\"col\">Detail</th></tr></thead><tbody>"
            for c in r.rulesetChanges {
                let name = c.score.map { "\($0): \(c.name)" } ?? c.name
                h +=
                    "<tr><td>\(e(c.kind.rawValue))</td><td><code>\(e(name))</code></td><td class=\"\(c.change.rawValue)\">\(e(c.change.rawValue))</td><td>\(code(c.detail))</td></tr>"
            }
            h += "</tbody></table>\n"
        }
        h += "</section>\n"
        if r.failureCount > 0 {
            h += "<section>\n<h2>\(r.failureCount) case\(s(r.failureCount)) could not be scored</h2>\n<ul>"
            for f in r.failures { h += "<li>\(e(DiffTextRenderer.describe(f)))</li>" }
            h += "</ul>\n</section>\n"
        }
        h += "</main>"
        let body = h
        return HTMLPage(title: "threshold diff: \(r.old.name) → \(r.new.name)", css: DiffHTMLRenderer.css).render(
            capacity: body.utf8.count + 4096
        ) { $0.raw(body) }
    }

    func heatmap(
        caption: String, rows: [String], columns: [String], counts: [[Int]], rowNote: (String) -> String?,
        columnNote: (String) -> String?, direction: (Int, Int) -> String?
    ) -> String {
        let top = counts.flatMap { $0 }.max() ?? 0
        var h = "<table class=\"heat\"><caption>\(e(caption))</caption><thead><tr><th scope=\"col\">old \\ new</th>"
        for c in columns {
            h += "<th scope=\"col\">\(e(c))\(columnNote(c).map { "<br/><small>\(e($0))</small>" } ?? "")</th>"
        }
        h += "</tr></thead><tbody>"
        for (i, row) in rows.enumerated() {
            h += "<tr><th scope=\"row\">\(e(row))\(rowNote(row).map { "<br/><small>\(e($0))</small>" } ?? "")</th>"
            for j in columns.indices {
                let n = counts.indices.contains(i) && counts[i].indices.contains(j) ? counts[i][j] : 0
                let mark = n > 0 ? direction(i, j) : nil
                // Shade by share of the largest cell, on a square-root scale so small counts still show.
                let share = top > 0 && n > 0 ? max(0.08, (Double(n) / Double(top)).squareRoot()) : 0
                let alpha = (share * 100).rounded() / 100
                let hue = mark == nil ? "33, 102, 172" : "214, 96, 77"
                let dark = alpha > 0.55
                h +=
                    "<td class=\"\(mark == nil ? "same" : "moved")\(dark ? " dark" : "")\" style=\"background: rgba(\(hue), \(alpha))\">"
                h +=
                    n == 0
                    ? "<span class=\"zero\">·</span>"
                    : "\(mark.map { "<span aria-label=\"changed\">\($0)</span> " } ?? "")\(n)"
                h += "</td>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table>\n"
    }

    func version(_ v: DiffReport.Version) -> String {
        "<code>\(e(v.label))</code>: “\(e(v.name))”" + (v.version.map { " version \(e($0))" } ?? "")
            + " <small>\(e(String(v.fingerprint.prefix(19))))…</small>"
    }

    /// Text with `backquoted` parts set as code, everything escaped.
    func code(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return e(text) }
        return parts.enumerated().map { i, p in
            i % 2 == 1 && i < parts.count - 1 ? "<code>\(e(String(p)))</code>" : e(String(p))
        }.joined()
    }

    func e(_ s: String) -> String { DiffHTMLRenderer.escape(s) }
    func s(_ n: Int) -> String { n == 1 ? "" : "s" }

    /// Every text on the page goes through the shared escaping of the HTML pages.
    static func escape(_ s: String) -> String { HTMLEscaping.escape(s) }

    static let css = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;background:#fff;margin:0;overflow-wrap:break-word}
        main{max-width:72rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
        h3{font-size:1.05rem}
        .versions{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}.versions dt{font-weight:600}.versions dd{margin:0}
        .summary{font-size:1.1rem}.note{color:#444;font-size:.9rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid #bbb;padding:.35rem .6rem}thead th{background:#f2f2f2}
        .heat td{text-align:right;min-width:4.5rem;font-variant-numeric:tabular-nums}
        .heat td.moved{outline:3px solid #b2182b;outline-offset:-3px;font-weight:700}
        .heat td.dark{color:#fff}.zero{color:#999}
        .group{border:1px solid #ccc;border-left:6px solid #b2182b;border-radius:4px;margin:.6rem 0;padding:.4rem .8rem}
        .group.same{border-left-color:#777}.group h3{margin:.2rem 0;font-size:1.05rem}.group summary{cursor:pointer}.count{font-size:1.1rem}
        .reasons{margin:.4rem 0}.ids{font-family:ui-monospace,monospace;font-size:.85rem;color:#333;word-break:break-word}
        .list td,.list th{text-align:left;vertical-align:top;overflow-wrap:anywhere}.versions dd{overflow-wrap:anywhere}
        td.added{color:#1a6e1a}td.removed{color:#a11}td.changed{color:#7a4b00}
        code{font-family:ui-monospace,monospace;background:#f4f4f4;padding:0 .2rem;border-radius:3px}
        @media print{.group{break-inside:avoid}}
        """
}
