/// `threshold fmt`: one canonical layout for `.rules` and `.scenario` files (docs/language.md, "Layout").
/// Comments are kept, formatting twice changes nothing, and only whitespace changes (and `==` becomes `=`),
/// so a formatted rule set means what it meant.
public enum SourceFormatter {
    public enum Outcome: Sendable {
        /// The file in the canonical layout.
        case formatted(String)
        /// The file has syntax errors and is left alone: the errors, and the file they point into.
        case invalid([Diagnostic], SourceFile)
    }

    /// Formats the text of the file at `path`; a path ending `.scenario` is read as a scenario file.
    public static func format(_ text: String, path: String) -> Outcome {
        let file = SourceFile(path: path, text: text)
        let scenarioFile = path.hasSuffix(".scenario")
        let diagnostics =
            scenarioFile ? Parser.parseScenarios(file).1 : Parser.parseRules(file).1
        let errors = diagnostics.filter { $0.severity == .error }
        // At most `DiagnosticLimit.count` of them, as `check` shows: 30,000 errors each shown with its line took
        // minutes to write (found by an attack test).
        guard errors.isEmpty, let lines = SourceLines(file) else {
            return .invalid(DiagnosticLimit.apply(errors), file)
        }
        // A byte order mark the file starts with (which the lexer skips) is kept: only the layout changes.
        let mark = text.unicodeScalars.first == "\u{FEFF}" ? "\u{FEFF}" : ""
        return .formatted(mark + LayoutPrinter(scenarioFile: scenarioFile).print(lines))
    }
}
