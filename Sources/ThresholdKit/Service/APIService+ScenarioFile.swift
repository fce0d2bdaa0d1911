import Foundation

/// `POST /v1/scenario-file`.
extension APIService {
    /// A scenario object in; `.scenario` text out (text/plain) whose expectations are its current result,
    /// so `threshold test` passes it against the same rules. Its `rules` line names the rule file as the
    /// server was given it (relative to the folder the server runs in).
    func scenarioFile(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        let name = request.parameter("ruleset")
        guard let entry = ruleSets.entry(name), let rs = entry.ruleSet else {
            return error(unknownRuleSet(name ?? ""))
        }
        switch jsonBody(request) {
        case .failure(let e): return error(e)
        case .success(let body):
            switch scenario(body, rs) {
            case .failure(let e): return error(e)
            case .success(let (s, _)):
                let id = body["id"]?.stringValue ?? "saved"
                guard ScenarioWriter.isValidID(id) else {
                    return error(
                        APIError(
                            .badID, "\"\(id)\" cannot name a scenario: use letters, digits and _", field: "id"))
                }
                let (scoring, _) = worker.tools(rs)
                let result = scoring.score(s.facts)
                var text = ScenarioWriter.rulesLine(entry.path) + "\n"
                text += ScenarioWriter(ruleSet: rs).block(
                    id: id, title: s.title, facts: s.facts, given: s.given, result: result
                )
                .replacingOccurrences(of: "# Saved by threshold repl", with: "# Saved by threshold serve")
                return HTTPResponse(
                    status: 200,
                    headers: [
                        ("Content-Type", "text/plain; charset=utf-8"),
                        ("Content-Disposition", "attachment; filename=\"\(id).scenario\""),
                    ],
                    body: .bytes(Array(text.utf8)))
            }
        }
    }
}
