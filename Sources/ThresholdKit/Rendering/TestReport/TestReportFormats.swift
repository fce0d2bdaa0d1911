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
        RenderFormat("text") { r, s in TestReportTextRenderer(coverage: s.coverage, passes: s.passes).render(r) },
        RenderFormat("junit") { r, _ in TestReportJUnitRenderer().render(r) },
        RenderFormat("json") { r, s in TestReportJSONRenderer(coverage: s.coverage).render(r) + "\n" },
        RenderFormat("html") { r, _ in HTMLTestReportRenderer().render(r) },
    ])
}
