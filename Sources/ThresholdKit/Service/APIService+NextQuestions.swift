/// `POST /v1/next-questions`: the questions that could still change the outcome, in `ask` order.
extension APIService {
    /// A scenario in; the questions that could still change the outcome, most consequential first (`ask`).
    func nextQuestions(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            switch scenario(body, rs) {
            case .failure(let e): return error(e)
            case .success(let (s, _)):
                let (scoring, _) = worker.tools(rs)
                let result = scoring.score(s.facts)
                var w = JSONWriter()
                w.beginObject()
                w.key("result")
                w.beginArray()
                for m in result.missing {
                    let fact = rs.facts[m.fact]
                    w.beginObject()
                    w.member("fact", fact.name)
                    w.member("question", fact.question ?? "What is \(fact.name)?")
                    w.member("type", fact.type.phrase)
                    w.key("could_change")
                    if let c = rs.consequenceText(m.consequence) { w.string(c) } else { w.null() }
                    w.member("required", fact.required)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
                w.endLine()
                return json(w.bytes)
            }
        }
    }
}
