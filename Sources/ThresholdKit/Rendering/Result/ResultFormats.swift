/// The formats of scored results (`threshold score`): text for people, a JSON result object a line, and a
/// page of HTML case sheets (or exercise handouts).
public enum ResultFormats {
    public struct Settings: Sendable {
        var detail: TextResultRenderer.Detail
        /// With html: a training handout per scenario instead of the case sheet.
        var exercise: Bool

        public init(detail: TextResultRenderer.Detail = .brief, exercise: Bool = false) {
            self.detail = detail
            self.exercise = exercise
        }
    }

    public static let registry = FormatRegistry<[ScoredResult], Settings>([
        RenderFormat.forPeople(
            "text", "for people: the outcome and why (rules fired, scores), what is missing, and advice"
        ) {
            results, s in
            let text = TextResultRenderer(detail: s.detail)
            return results.map { text.render($0) }.joined(separator: resultSeparator(named: "text") ?? "")
        },
        RenderFormat("json", "one result object per line (docs/result.schema.json)") { results, _ in
            let json = JSONResultRenderer()
            return results.map { json.render($0) + "\n" }.joined()
        },
        RenderFormat("html", "one self-contained HTML page: a printable case sheet per scenario") { results, s in
            HTMLCaseSheetRenderer(exercise: s.exercise).render(results)
        },
    ])

    /// What goes between two results when `format` writes them one at a time, the same bytes as writing them
    /// all at once (a blank line between text results, nothing between JSON lines); nil for the HTML page,
    /// which is one document whatever the number of results.
    public static func separator(_ format: RenderFormat<[ScoredResult], Settings>) -> String? {
        resultSeparator(named: format.name)
    }

    private static func resultSeparator(named name: String) -> String? {
        switch name {
        case "text": return "\n"
        case "json": return ""
        default: return nil
        }
    }

    /// Whether results written in `format` with `settings` show their counterfactual changes: every format but
    /// brief text does.
    public static func showsChanges(_ format: RenderFormat<[ScoredResult], Settings>, _ settings: Settings) -> Bool {
        settings.detail == .full || format.name != "text"
    }
}
