/// The workbench's page (`GET /`, `/index.html` and the trainee's `/join`: one file, which reads its address)
/// and its files, embedded in the binary (`Workbench/`).
extension APIService {
    func workbenchPage() -> HTTPResponse { page(Workbench.html, "text/html; charset=utf-8") }

    func workbenchCSS() -> HTTPResponse { page(Workbench.css, "text/css; charset=utf-8") }

    func workbenchScript() -> HTTPResponse { page(Workbench.javascript, "text/javascript; charset=utf-8") }

    /// `GET /workbench-levels.css`: the level colours of every rule set served (`HTMLTheme`), each under
    /// `[data-ruleset="NAME"]`.
    func workbenchLevelsCSS() -> HTTPResponse {
        var out = ""
        for e in ruleSets.all {
            guard let rs = e.ruleSet else { continue }
            let scope =
                "[data-ruleset=\"" + e.name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } + "\"] "
            for line in HTMLTheme.standard.levelCSS(levels: rs.levels.map(\.name)).split(separator: "\n") {
                out += scope + line + "\n"
            }
        }
        return page(out, "text/css; charset=utf-8")
    }

    private func page(_ text: String, _ type: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", type)], body: .bytes(Array(text.utf8)))
    }
}
