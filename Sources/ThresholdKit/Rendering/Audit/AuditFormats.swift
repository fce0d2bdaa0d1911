/// The formats of an audit report (`threshold audit`): text, one JSON object (docs/audit.md), an HTML page.
public enum AuditFormats {
    public struct Settings: Sendable {
        public init() {}
    }

    public static let registry = FormatRegistry<AuditReport, Settings>([
        RenderFormat("text") { r, _ in AuditTextRenderer().render(r) },
        RenderFormat("json") { r, _ in AuditJSONRenderer().render(r) },
        RenderFormat("html") { r, _ in AuditHTMLRenderer().render(r) },
    ])
}
