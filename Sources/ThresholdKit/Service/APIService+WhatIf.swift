/// `POST /v1/whatif`: a scenario and changes in; both results side by side and what changed.
extension APIService {
    /// `{"scenario": {…}, "changes": {"fact": value, …}}`: now and what if, side by side, and what changed.
    func whatIf(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            guard let scenarioJSON = body["scenario"] else {
                return error(APIError(.missingMember, "the request needs \"scenario\"", field: "scenario"))
            }
            guard let changes = body["changes"]?.objectValue else {
                return error(
                    APIError(
                        .missingMember, "the request needs \"changes\": an object of facts and values",
                        field: "changes"))
            }
            switch scenario(scenarioJSON, rs, field: "scenario") {
            case .failure(let e): return error(e)
            case .success(let (s, hasID)):
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
                        return error(
                            APIError(.badValue, "fact \"\(name)\": \(f.message)", field: "changes.\(name)"))
                    case .success(let v):
                        changed[slot] = v
                        set.append((slot, v))
                    }
                }
                let (now, renderer) = scored(s, rs, hasID: hasID, worker)
                var t = s
                t.facts = changed
                let (then, _) = scored(t, rs, hasID: hasID, worker)
                var w = JSONWriter()
                w.beginObject()
                w.key("result")
                w.beginObject()
                w.key("changes")
                writeFacts(set, rs, &w)
                w.key("now")
                renderer.write(now, to: &w)
                w.key("whatif")
                renderer.write(then, to: &w)
                w.key("differences")
                WhatIfDifferences.write(now, then, &w)
                w.endObject()
                w.endObject()
                w.endLine()
                return json(w.bytes)
            }
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
        w.beginObject()
        w.key("outcome")
        w.beginArray()
        w.string(rs.levels[a.outcome].name)
        w.string(rs.levels[b.outcome].name)
        w.endArray()
        w.key("started_firing")
        w.beginArray()
        for r in d.started { w.string(rs.rules[r].name) }
        w.endArray()
        w.key("stopped_firing")
        w.beginArray()
        for r in d.stopped { w.string(rs.rules[r].name) }
        w.endArray()
        w.key("scores")
        w.beginArray()
        for s in d.scores where s.total || s.band {
            w.beginObject()
            w.member("score", rs.scores[s.old].name)
            w.key("total")
            w.beginArray()
            w.number(a.evaluation.scores[s.old].total)
            w.number(b.evaluation.scores[s.new].total)
            w.endArray()
            w.key("band")
            w.beginArray()
            w.string(s.oldBand)
            w.string(s.newBand)
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("advice_added")
        w.beginArray()
        for i in d.adviceAdded { w.string(rs.advice[i].name) }
        w.endArray()
        w.key("advice_removed")
        w.beginArray()
        for i in d.adviceRemoved { w.string(rs.advice[i].name) }
        w.endArray()
        w.key("due")
        w.beginArray()
        for d in [a.evaluation.due, b.evaluation.due] { if let d { w.string(d.isoDescription) } else { w.null() } }
        w.endArray()
        w.endObject()
    }
}
