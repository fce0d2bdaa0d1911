/// `POST /v1/score`: one scenario in, its result object out, byte for byte as `threshold score --format json`.
extension APIService {
    func score(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        withBody(request) { rs, body in
            withScenario(body, rs) { s, hasID in
                // As a line of `threshold batch`: with `?changes=false` no counterfactual search ("changes" stays
                // empty), and either way only what the result object shows is explained.
                let (scoring, renderer) = worker.tools(rs)
                let result = scoring.scoreForJSON(
                    s.facts, id: hasID ? s.id : nil, title: s.title, changes: request.parameter("changes") != "false")
                var w = JSONWriter()
                renderer.write(result, to: &w)
                w.endLine()
                return json(w.bytes)
            }
        }
    }
}
