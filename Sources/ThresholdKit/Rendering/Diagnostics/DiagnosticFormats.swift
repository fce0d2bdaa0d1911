/// The formats of the findings of a set of files (`threshold check`): text, each finding with its place, its
/// line and a caret, and a count; or one JSON object.
public enum DiagnosticFormats {
    /// The files checked and what checking them found.
    public struct Findings: Sendable {
        var files: [String]
        var report: FileSetChecker.Report

        public init(files: [String], report: FileSetChecker.Report) {
            self.files = files
            self.report = report
        }
    }

    public struct Settings: Sendable {
        /// In text, colour for a terminal.
        var color: Bool

        public init(color: Bool = false) { self.color = color }
    }

    public static let registry = FormatRegistry<Findings, Settings>([
        RenderFormat("text", "`file:line:column: error[code]: message`, the line and a caret") { f, s in
            let ds = f.report.diagnostics
            let errors = ds.filter { $0.severity == .error }.count
            let n = f.files.count
            return DiagnosticRenderer(sources: f.report.sources, color: s.color).render(ds)
                + "checked \(n) file\(n == 1 ? "" : "s"): "
                + DiagnosticRenderer.summary(errors: errors, warnings: ds.count - errors) + "\n"
        },
        RenderFormat(
            "json",
            "one object with each finding's file, line, column, severity, code, message, hint and notes (docs/language.md §2.10 lists the codes)"
        ) { f, _ in
            DiagnosticJSONRenderer().render(files: f.files, diagnostics: f.report.diagnostics)
        },
    ])
}
