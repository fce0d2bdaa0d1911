/// The formats of a test report (`threshold test`): text, JUnit XML, JSON, an HTML page.
public enum TestReportFormats {
    public struct Settings: Sendable {
        /// Report what no scenario exercised.
        var coverage: Bool
        /// In text, list the scenarios that passed too.
        var passes: Bool

        public init(coverage: Bool = false, passes: Bool = true) {
            self.coverage = coverage
            self.passes = passes
        }
    }

    public static let registry = FormatRegistry<TestReport, Settings>([
        RenderFormat.forPeople(
            "text",
            "PASS/FAIL per scenario, and for each failure the clauses that failed (expected, and what happened) and a brief explanation of the result; the last line is \"N passed, N failed\""
        ) { r, s in TestReportTextRenderer(coverage: s.coverage, passes: s.passes).render(r) },
        RenderFormat("junit", "JUnit XML for CI (a testsuite per file, a testcase per scenario)") { r, _ in
            TestReportJUnitRenderer().render(r)
        },
        RenderFormat("json", "one JSON document with every result, failure and a summary") { r, s in
            TestReportJSONRenderer(coverage: s.coverage).render(r) + "\n"
        },
        RenderFormat(
            "html",
            "one self-contained HTML page: counts, a table of scenarios with their outcomes, each failure expanded, and coverage as a chart"
        ) { r, _ in HTMLTestReportRenderer().render(r) },
    ])
}
