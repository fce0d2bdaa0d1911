/// The workbench's page, style sheet and script: `workbench.html`, `workbench.css` and `workbench.js` beside
/// this file, embedded in the binary at build time (SwiftPM `.embedInCode` resources: no files, no network at
/// run time). Text reaches the page only through `textContent` (never as HTML), and the page has no inline
/// script or style, so the CSP allows only this server's own files.
enum Workbench {
    /// The page: a shell filled in by `workbench.js` from the API.
    static let html = String(decoding: PackageResources.workbench_html, as: UTF8.self)

    /// The case sheet's stylesheet (`HTMLTheme.baseCSS`) and the workbench's own layout, form and presenter
    /// mode. The level colours come from `/workbench-levels.css` (`HTMLTheme` per rule set).
    static let css = HTMLTheme.baseCSS + "\n" + String(decoding: PackageResources.workbench_css, as: UTF8.self)

    /// The workbench's script: builds the form from `/v1/rulesets/{name}`, re-scores with `/v1/score` on every
    /// change and shows the result.
    static let javascript = String(decoding: PackageResources.workbench_js, as: UTF8.self)
}
