/// `POST /v1/score`: one scenario in, its result object out, byte for byte as `threshold score --format json`.
extension APIService {
    func score(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            switch scenario(body, rs) {
            case .failure(let e): return error(e)
            case .success(let (s, hasID)):
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
