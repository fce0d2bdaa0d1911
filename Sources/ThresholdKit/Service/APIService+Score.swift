/// `POST /v1/score`: one scenario in, its result object out, byte for byte as `threshold score --format json`.
extension APIService {
    func score(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        withBody(request) { rs, body in
            withScenario(body, rs) { s, hasID in
                let result: ScoredResult
                let renderer: JSONResultRenderer
                if request.parameter("changes") == "false" {
                    // As a line of `threshold batch` (no counterfactual search): "changes" stays empty.
                    let (scoring, r) = worker.tools(rs)
                    (result, renderer) = (scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title), r)
                } else {
                    (result, renderer) = scored(s, rs, hasID: hasID, worker)
                }
                var w = JSONWriter()
                renderer.write(result, to: &w)
                w.endLine()
                return json(w.bytes)
            }
        }
    }
}
