/// Renders diagnostics for people: `file:line:column: error[code]: message`, the source line, a caret under
/// the place, then what to do and related places. The code in brackets is a `DiagnosticCode`.
///
/// ```swift
/// let load = RuleSetCompiler.load("rules/mash.rules")
/// print(DiagnosticRenderer(sources: load.sources).render(load.diagnostics), terminator: "")
/// ```
public struct DiagnosticRenderer {
    var sources: [String: SourceFile]
    var color: Bool
    /// Whether the severity is followed by the code in brackets (`error[undeclared-name]`). The REPL leaves
    /// it out: its own replies have no codes, and a session is a conversation, not a log for scripts.
    var codes: Bool

    public init(sources: [String: SourceFile], color: Bool = false, codes: Bool = true) {
        self.sources = sources
        self.color = color
        self.codes = codes
    }

    /// Every text from a file (the message may quote it, the excerpt is it) has its control characters made
    /// visible (`withVisibleControls`): only the renderer's own colours reach the terminal as escapes.
    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let label =
            (d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33"))
            + (codes ? "[\(d.code.rawValue)]" : "")
        if let span = d.span {
            out += "\(span.start.description.withVisibleControls): \(label): \(d.message.withVisibleControls)\n"
            out += excerpt(span)
        } else {
            out += "\(label): \(d.message.withVisibleControls)\n"
        }
        if let hint = d.hint { out += "  = help: \(hint.withVisibleControls)\n" }
        for note in d.notes {
            if let span = note.span {
                out +=
                    "\(span.start.description.withVisibleControls): \(paint("note", "1;36")): \(note.message.withVisibleControls)\n"
                out += excerpt(span)
            } else {
                out += "  = note: \(note.message.withVisibleControls)\n"
            }
        }
        return out
    }

    /// At most `DiagnosticLimit.count` of them and a last one saying how many more (as `check` keeps them):
    /// every route to the renderer is bounded, however many a file has (30,000 took minutes to write).
    public func render(_ ds: [Diagnostic]) -> String {
        (ds.count > DiagnosticLimit.count + 1 ? DiagnosticLimit.apply(ds) : ds).map(render).joined()
    }

    /// The longest stretch of a source line shown in an excerpt; a longer line is shown around its span.
    static let excerptCharacters = 240

    /// The source line with a gutter and a caret line under the span. A line longer than
    /// `excerptCharacters` is shown from a little before the span, cut with `…` at either end.
    func excerpt(_ span: SourceSpan) -> String {
        guard let file = sources[span.start.file], span.start.line <= file.lineCount else { return "" }
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count)
        var chars = Array(file.line(span.start.line).replacingTabs().withVisibleControls)
        var col = max(1, min(span.start.column, chars.count + 1))
        var lead = ""
        var tail = ""
        if chars.count > DiagnosticRenderer.excerptCharacters {
            let from = max(0, min(col - 1 - 40, chars.count - DiagnosticRenderer.excerptCharacters))
            let to = min(chars.count, from + DiagnosticRenderer.excerptCharacters)
            if from > 0 { lead = "…" }
            if to < chars.count { tail = "…" }
            chars = Array(chars[from..<to])
            col = col - from + lead.count
        }
        let text = lead + String(chars) + tail
        let shown = lead.count + chars.count
        let width = max(1, min(span.length, max(1, shown - col + 1)))
        let caret = String(repeating: " ", count: col - 1) + String(repeating: "^", count: width)
        return " \(number) | \(text)\n \(gutter) | \(paint(caret, "1;32"))\n"
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// "2 errors, 1 warning".
    public static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

extension String {
    /// Tabs and carriage returns as spaces (one column each, as the checker counts them).
    func replacingTabs() -> String { map { $0 == "\t" || $0 == "\r" ? " " : String($0) }.joined() }
}
