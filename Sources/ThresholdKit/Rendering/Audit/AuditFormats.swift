/// The formats of an audit report (`threshold audit`): text, one JSON object (docs/audit.md), an HTML page.
public enum AuditFormats {
    public struct Settings: Sendable {
        public init() {}
    }

    public static let registry = FormatRegistry<AuditReport, Settings>([
        RenderFormat.forPeople("text", "the agreement matrix, kappa, disagreements by cause, timeliness") { r, _ in
            AuditTextRenderer().render(r)
        },
        RenderFormat("json", "one object (docs/audit.md)") { r, _ in AuditJSONRenderer().render(r) },
        RenderFormat("html", "a self-contained page") { r, _ in AuditHTMLRenderer().render(r) },
    ])
}
