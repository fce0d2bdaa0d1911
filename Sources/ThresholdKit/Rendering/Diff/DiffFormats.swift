/// The formats of a diff report (`threshold diff`): text, one JSON object, an HTML page with a heatmap.
public enum DiffFormats {
    public struct Settings: Sendable {
        /// In text, every case id of each group (JSON and HTML always list them).
        var allIDs: Bool

        public init(allIDs: Bool = false) { self.allIDs = allIDs }
    }

    public static let registry = FormatRegistry<DiffReport, Settings>([
        RenderFormat.forPeople("text", "the matrices of outcomes and bands, and the changed cases grouped by cause") {
            r, s in
            DiffTextRenderer(allIDs: s.allIDs).render(r)
        },
        RenderFormat("json", "one object (docs/diff-walkthrough.md)") { r, _ in DiffJSONRenderer().render(r) },
        RenderFormat("html", "a self-contained page with a heatmap") { r, _ in DiffHTMLRenderer().render(r) },
    ])
}
