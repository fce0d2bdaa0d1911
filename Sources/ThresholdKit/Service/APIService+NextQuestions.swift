/// `POST /v1/next-questions`: the questions that could still change the outcome, in `ask` order.
extension APIService {
    /// A scenario in; the questions that could still change the outcome, most consequential first (`ask`).
    func nextQuestions(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        withBody(request) { rs, body in
            withScenario(body, rs) { s, _ in
                let missing = worker.tools(rs).scoring.score(s.facts).missing
                return answer { w in
                    w.objects(missing) { w, m in
                        let fact = rs.facts[m.fact]
                        w.member("fact", fact.name)
                        w.member("question", fact.question ?? "What is \(fact.name)?")
                        w.member("type", fact.type.phrase)
                        w.member("could_change", rs.consequenceText(m.consequence))
                        w.member("required", fact.required)
                    }
                }
            }
        }
    }
}
