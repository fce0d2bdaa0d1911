/// `POST /v1/whatif`: a scenario and changes in; both results side by side and what changed.
extension APIService {
    /// `{"scenario": {…}, "changes": {"fact": value, …}}`: now and what if, side by side, and what changed.
    func whatIf(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        withScenarioMember(request, changes) { rs, s, hasID, changes in
            var changed = s.facts
            var set: [(slot: Int, value: FactValue?)] = []
            for (name, value) in changes {
                guard let slot = rs.factIndex[name] else {
                    return error(
                        APIError(
                            .unknownFact, "unknown fact \"\(Limits.shown(name))\"",
                            field: "changes.\(Limits.shown(name))"))
                }
                switch JSONScenarioDecoder.value(value, rs.facts[slot].type, levels: rs.levelNames()) {
                case .failure(let f):
                    return error(APIError(.badValue, "fact \"\(name)\": \(f.message)", field: "changes.\(name)"))
                case .success(let v):
                    changed[slot] = v
                    set.append((slot, v))
                }
            }
            let (now, renderer) = scored(s, rs, hasID: hasID, worker)
            var t = s
            t.facts = changed
            let (then, _) = scored(t, rs, hasID: hasID, worker)
            return answer { w in
                w.object { w in
                    w.key("changes")
                    APIService.writeFacts(set, rs, &w)
                    w.key("now")
                    renderer.write(now, to: &w)
                    w.key("whatif")
                    renderer.write(then, to: &w)
                    w.key("differences")
                    WhatIfDifferences.write(now, then, &w)
                }
            }
        }
    }

    /// The body's `changes`: an object of facts and values (each read once the scenario is).
    private func changes(_ body: JSONValue, _: RuleSet) -> Result<[(String, JSONValue)], APIError> {
        required(body, "changes", \.objectValue, "the request needs \"changes\": an object of facts and values")
            .flatMap { changes in
                // As a scenario's facts: a fact given twice is refused, not taken at its last value.
                guard let twice = body["changes"]?.duplicateKey else { return .success(changes) }
                return .failure(
                    APIError(
                        .badValue, "the fact \"\(Limits.shown(twice))\" is changed twice",
                        field: "changes.\(Limits.shown(twice))"))
            }
    }
}

/// `differences` of `/v1/whatif`, as JSON: rules that started or stopped firing, scores whose total or band
/// moved, advice added or removed, and the due time before and after (`EvaluationDifferences`, as the REPL's
/// `what if` and the diff say them).
enum WhatIfDifferences {
    static func write(_ a: ScoredResult, _ b: ScoredResult, _ w: inout JSONWriter) {
        let rs = a.ruleSet
        let d = EvaluationDifferences(a.evaluation, b.evaluation, EvaluationMatch(same: rs))
        w.object { w in
            beforeAfter("outcome", rs.levels[a.outcome].name, rs.levels[b.outcome].name, &w)
            w.array("started_firing", d.started.lazy.map { rs.rules[$0].name })
            w.array("stopped_firing", d.stopped.lazy.map { rs.rules[$0].name })
            w.objects("scores", d.scores.lazy.filter { $0.total || $0.band }) { w, s in
                w.member("score", rs.scores[s.old].name)
                beforeAfter("total", a.evaluation.scores[s.old].total, b.evaluation.scores[s.new].total, &w)
                beforeAfter("band", s.oldBand, s.newBand, &w)
            }
            w.array("advice_added", d.adviceAdded.lazy.map { rs.advice[$0].name })
            w.array("advice_removed", d.adviceRemoved.lazy.map { rs.advice[$0].name })
            beforeAfter("due", a.evaluation.due?.isoDescription, b.evaluation.due?.isoDescription, &w)
        }
    }

    /// `"name":[before,after]`.
    private static func beforeAfter<V: JSONScalar>(_ name: String, _ before: V, _ after: V, _ w: inout JSONWriter) {
        w.array(name) { w in
            w.scalar(before)
            w.scalar(after)
        }
    }
}
