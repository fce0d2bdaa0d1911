/// `POST /v1/whynot`: what stops a level or a rule, and the changes that would reach it.
extension APIService {
    /// `{"scenario": {…}, "target": "LEVEL or RULE"}`: what stops it, and the changes that would reach it.
    func whyNot(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            guard let scenarioJSON = body["scenario"] else {
                return error(APIError(.missingMember, "the request needs \"scenario\"", field: "scenario"))
            }
            guard let target = body["target"]?.stringValue else {
                return error(
                    APIError(
                        .missingMember, "the request needs \"target\": a level or a rule name", field: "target"))
            }
            guard rs.levelIndex[target] != nil || rs.ruleIndex[target] != nil else {
                return error(
                    APIError(
                        .unknownTarget, "\"\(target)\" is neither a level nor a rule of \(rs.name)",
                        field: "target"))
            }
            switch scenario(scenarioJSON, rs, field: "scenario") {
            case .failure(let e): return error(e)
            case .success(let (s, hasID)):
                let (scoring, _) = worker.tools(rs)
                let result = scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title)
                var w = JSONWriter()
                w.beginObject()
                w.key("result")
                ServiceWhyNot.write(target: target, result: result, facts: s.facts, scoring: scoring, &w)
                w.endObject()
                w.endLine()
                return json(w.bytes)
            }
        }
    }
}

/// What stops a level or a rule (as the REPL's `why not`), as JSON: for each rule that gives the level or
/// higher (or the one rule), whether its condition is no or unknown, the parts that fail or stay open,
/// the unknown facts that keep it open, and the changes of facts that would reach it.
enum ServiceWhyNot {
    static func write(
        target: String, result r: ScoredResult, facts: FactVector, scoring: Scoring, _ w: inout JSONWriter
    ) {
        let rs = r.ruleSet
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        var rules: [Int]
        var changes: [ScoredResult.Change] = []
        var reached: Bool
        w.beginObject()
        w.member("target", target)
        w.member("outcome", rs.levels[r.outcome].name)
        if let level = rs.levelIndex[target] {
            w.member("kind", "level")
            reached = r.outcome >= level
            rules =
                reached
                ? []
                : rs.rules.indices.filter { rs.rules[$0].level >= level }
                    .sorted { a, b in
                        rs.rules[a].level != rs.rules[b].level ? rs.rules[a].level < rs.rules[b].level : a < b
                    }
            if !reached { changes = Counterfactuals.changes(toReach: level, for: r, scoring: scoring) }
        } else {
            let i = rs.ruleIndex[target] ?? 0
            w.member("kind", "rule")
            reached = r.evaluation.rules[i] == .yes
            rules = reached ? [] : [i]
            if !reached { changes = Counterfactuals.changes(toFire: i, for: r, scoring: scoring) }
        }
        w.member("reached", reached)
        var open = Set<Int>()
        w.key("rules")
        w.beginArray()
        for i in rules {
            let rule = rs.rules[i]
            w.beginObject()
            w.member("rule", rule.name)
            w.member("level", rs.levels[rule.level].name)
            w.member("condition", r.evaluation.rules[i].word)
            w.member("when", analysis.printer.text(rule.condition))
            w.key("failing")
            w.beginArray()
            for p in analysis.parts(rule.condition) where p.value != .yes {
                w.beginObject()
                w.member("part", p.text)
                w.member("value", p.value.word)
                w.key("unknown_facts")
                w.beginArray()
                let facts = p.value == .unknown ? analysis.openFacts(p) : []
                for f in facts {
                    w.string(rs.facts[f].name)
                    open.insert(f)
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("open_facts")
        w.beginArray()
        for f in open.sorted() { w.string(rs.facts[f].name) }
        w.endArray()
        w.key("changes")
        w.beginArray()
        for c in changes {
            w.beginObject()
            w.key("set")
            w.beginObject()
            for (slot, value) in c.set {
                w.key(rs.facts[slot].name)
                JSONFactValue.write(value, rs.facts[slot].type, levels: rs.levels, to: &w)
            }
            w.endObject()
            w.member("outcome", rs.levels[c.outcome].name)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
