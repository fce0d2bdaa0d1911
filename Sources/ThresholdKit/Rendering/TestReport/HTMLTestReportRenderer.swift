/// Renders a test report as one self-contained HTML page (`threshold test --format html`): passed and
/// failed counts overall and per file, a table of scenarios with their outcome badges, each failure
/// expanded (expected against actual, and what happened), and coverage as a chart.
///
/// It reads the same `TestReport` as the text, JUnit and JSON renderers. A small inline script adds a
/// filter box over the scenario table; the page is complete without it.
///
/// ```swift
/// let page = HTMLTestReportRenderer().render(TestRunner().run(["scenarios/camden/front-door.scenario"]))
/// ```
public struct HTMLTestReportRenderer: Sendable {
    var theme: HTMLTheme

    public init() { theme = .standard }

    init(theme: HTMLTheme) { self.theme = theme }

    public func render(_ report: TestReport) -> String {
        let ruleSets = report.files.compactMap(\.ruleSet)
        let scenarios = report.scenarios.count
        let page = HTMLPage(
            title: "Test report: \(report.tally)", css: HTMLTheme.baseCSS, script: HTMLTestReportRenderer.filterScript)
        return page.render(capacity: 4096 + 1024 * scenarios) { h in
            h.open("header")
            h.element("p", ["class": "muted"], text: "threshold test")
            h.element("h1", text: "Worked cases: test report")
            writeCounts(report, into: &h)
            h.close("header")
            h.raw("\n")
            h.open("main")
            writeFiles(report, into: &h)
            writeScenarios(report, into: &h)
            writeFailures(report, into: &h)
            TestReportCoverage.write(report.coverage, into: &h)
            h.close("main")
            h.raw("\n")
            h.open("footer")
            h.element("p", text: report.tally)
            for rs in uniqueRuleSets(ruleSets) {
                h.open("p")
                h.raw("Rules: ")
                h.element("strong", text: rs.name)
                if let v = rs.version { h.text(" version " + v) }
                h.raw(" · fingerprint ")
                h.element("code", text: rs.fingerprint)
                h.close("p")
            }
            h.close("footer")
        }
    }

    /// The rule sets in order of first use, each once.
    func uniqueRuleSets(_ all: [RuleSet]) -> [RuleSet] {
        var out: [RuleSet] = []
        for rs in all where !out.contains(where: { $0 === rs }) { out.append(rs) }
        return out
    }

    func writeCounts(_ report: TestReport, into h: inout HTMLWriter) {
        h.open("div", ["class": "counts", "role": "group", "aria-label": "Totals"])
        count("Passed", report.passed, cls: "result-pass", into: &h)
        count("Failed", report.failed, cls: report.failed > 0 ? "result-fail" : "", into: &h)
        count("Files", report.files.count, cls: "", into: &h)
        if !report.unloadable.isEmpty { count("Could not load", report.unloadable.count, cls: "result-fail", into: &h) }
        h.close("div")
        if let note = report.emptyRunNote { h.element("p", ["class": "empty"], text: "Note: " + note) }
        if let filter = report.filter, !filter.isEmpty {
            h.element("p", ["class": "muted"], text: "--filter \"\(filter)\" left out \(report.filteredOut) scenarios.")
        }
    }

    func count(_ what: String, _ n: Int, cls: String, into h: inout HTMLWriter) {
        h.open("div", ["class": "count"])
        h.element("strong", ["class": cls], text: "\(n)")
        h.text(what)
        h.close("div")
    }

    /// Passed and failed per file.
    func writeFiles(_ report: TestReport, into h: inout HTMLWriter) {
        h.open("section", ["aria-labelledby": "files"])
        h.element("h2", ["id": "files"], text: "Files")
        if report.files.isEmpty {
            CaseSheetSections.empty("No scenario file.", into: &h)
        } else {
            h.open("table")
            h.raw(
                "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Rule set</th><th scope=\"col\">Passed</th><th scope=\"col\">Failed</th></tr></thead>"
            )
            h.open("tbody")
            for f in report.files {
                h.open("tr")
                h.open("th", ["scope": "row"])
                h.open("code")
                HTMLTestReportRenderer.path(f.path, into: &h)
                h.close("code")
                h.close("th")
                if f.loaded {
                    h.element("td", text: f.ruleSet.map { $0.name + ($0.version.map { " " + $0 } ?? "") } ?? "")
                    h.element("td", text: "\(f.passed)")
                    h.open("td")
                    if f.failed > 0 {
                        h.element("span", ["class": "result-fail"], text: "\(f.failed)")
                    } else {
                        h.text("0")
                    }
                    h.close("td")
                } else {
                    h.open("td", ["colspan": "3"])
                    h.element("span", ["class": "result-fail"], text: "Could not be loaded: ")
                    h.text(f.errors.map(\.message).joined(separator: "; "))
                    h.close("td")
                }
                h.close("tr")
            }
            h.close("tbody")
            h.close("table")
        }
        h.close("section")
        h.raw("\n")
    }

    /// Every scenario that ran: result, place, id, title, outcome badge.
    func writeScenarios(_ report: TestReport, into h: inout HTMLWriter) {
        h.open("section", ["aria-labelledby": "scenarios"])
        h.element("h2", ["id": "scenarios"], text: "Scenarios")
        h.open("div", ["class": "filter", "hidden": "hidden", "id": "filter-box"])
        h.element("label", ["for": "filter"], text: "Show only scenarios containing: ")
        h.void("input", ["type": "search", "id": "filter", "autocomplete": "off", "aria-controls": "scenario-table"])
        h.element("span", ["id": "filter-count", "class": "muted", "aria-live": "polite"], text: "")
        h.close("div")
        h.open("table", ["id": "scenario-table", "class": "scenarios"])
        h.raw(
            "<colgroup><col class=\"c-result\"/><col class=\"c-scenario\"/><col class=\"c-outcome\"/><col class=\"c-place\"/></colgroup>"
        )
        h.raw(
            "<thead><tr><th scope=\"col\">Result</th><th scope=\"col\">Scenario</th><th scope=\"col\">Outcome</th><th scope=\"col\">Place</th></tr></thead>\n"
        )
        h.open("tbody")
        for f in report.files {
            for s in f.scenarios {
                h.open("tr")
                h.open("td", ["class": "nowrap"])
                if s.passed {
                    h.element("span", ["class": "result-pass"], text: "\u{2713} PASS")
                } else {
                    h.open("a", ["href": "#fail-\(anchor(f, s))", "class": "result-fail"])
                    h.text("\u{2717} FAIL")
                    h.close("a")
                }
                h.close("td")
                h.open("th", ["scope": "row"])
                h.open("code")
                CaseSheetSections.identifier(s.id, into: &h)
                h.close("code")
                if let t = s.title {
                    h.void("br")
                    h.element("span", ["class": "title"], text: t)
                }
                h.close("th")
                h.open("td")
                if let o = s.outcome, let rs = f.ruleSet {
                    HTMLBadge.small(o, rs, theme: theme, into: &h)
                } else {
                    h.text("—")
                }
                h.close("td")
                h.open("td")
                h.open("code")
                HTMLTestReportRenderer.path(s.place, into: &h)
                h.close("code")
                h.close("td")
                h.close("tr")
                h.raw("\n")
            }
        }
        h.close("tbody")
        h.close("table")
        h.close("section")
        h.raw("\n")
    }

    /// A file path with a line-break opportunity after each `/`.
    static func path(_ p: String, into h: inout HTMLWriter) { h.text(p, breakingAfter: "/") }

    /// A page-unique anchor for a failed scenario.
    func anchor(_ f: TestReport.FileResult, _ s: TestReport.ScenarioResult) -> String {
        var out = ""
        for u in (s.place + "-" + s.id).unicodeScalars {
            let ok = (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "-" || u == "_"
            out.unicodeScalars.append(ok ? u : "_")
        }
        return out
    }

    /// Each failed scenario: the clauses that failed (expected against actual) and what happened.
    func writeFailures(_ report: TestReport, into h: inout HTMLWriter) {
        h.open("section", ["aria-labelledby": "failures"])
        h.element("h2", ["id": "failures"], text: "Failures")
        var any = false
        for f in report.files {
            for s in f.scenarios where !s.passed {
                any = true
                h.open("article", ["class": "failure", "id": "fail-\(anchor(f, s))"])
                h.open("h3")
                h.element("span", ["class": "result-fail"], text: "\u{2717} FAIL ")
                h.element("code", text: s.id)
                if let t = s.title { h.text(": " + t) }
                h.close("h3")
                h.open("p")
                h.element("code", text: s.place)
                h.close("p")
                h.open("table")
                h.raw(
                    "<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Expected</th><th scope=\"col\">Actual</th></tr></thead>"
                )
                h.open("tbody")
                for c in s.failures {
                    h.open("tr")
                    h.element("td", text: c.line.map { "\($0)" } ?? "")
                    h.open("td")
                    h.element("code", text: c.written)
                    h.close("td")
                    h.element("td", text: c.actual)
                    h.close("tr")
                }
                h.close("tbody")
                h.close("table")
                if var result = s.result {
                    h.open("p")
                    h.element("strong", text: "What happened: ")
                    HTMLBadge.small(result.outcome, result.ruleSet, theme: theme, into: &h)
                    h.close("p")
                    result.scenarioID = nil
                    result.title = nil
                    h.element("pre", text: TextResultRenderer(detail: .brief).render(result))
                }
                h.close("article")
                h.raw("\n")
            }
        }
        if !any { CaseSheetSections.empty("No expectation failed.", into: &h) }
        h.close("section")
        h.raw("\n")
    }

    /// Shows the filter box and hides scenario rows whose text does not contain what is typed. Reads only
    /// text content, never writes markup. Kept free of `<` and `&` (the page is also well-formed XML).
    static let filterScript = """
        (function () {
          var box = document.getElementById("filter-box");
          var input = document.getElementById("filter");
          var count = document.getElementById("filter-count");
          var table = document.getElementById("scenario-table");
          if (!box || !input || !table) { return; }
          box.hidden = false;
          var rows = Array.prototype.slice.call(table.tBodies[0].rows);
          input.addEventListener("input", function () {
            var q = input.value.trim().toLowerCase();
            var shown = 0;
            rows.forEach(function (row) {
              var match = q === "" || row.textContent.toLowerCase().indexOf(q) !== -1;
              row.hidden = !match;
              if (match) { shown += 1; }
            });
            count.textContent = q === "" ? "" : " " + shown + " of " + rows.length + " shown";
          });
        })();
        """
}
