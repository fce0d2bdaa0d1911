/// `POST /v1/whynot`: what stops a level or a rule, and the changes that would reach it.
extension APIService {
    /// `{"scenario": {…}, "target": "LEVEL or RULE"}`: what stops it, and the changes that would reach it.
    func whyNot(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        withScenarioMember(request, target) { rs, s, hasID, target in
            let (scoring, _) = worker.tools(rs)
            let result = scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title)
            return answer { w in
                ServiceWhyNot.write(target: target, result: result, facts: s.facts, scoring: scoring, &w)
            }
        }
    }

    /// The body's `target`: a level or a rule of `rs`.
    private func target(_ body: JSONValue, _ rs: RuleSet) -> Result<String, APIError> {
        required(body, "target", \.stringValue, "the request needs \"target\": a level or a rule name").flatMap {
            target in
            rs.levelIndex[target] != nil || rs.ruleIndex[target] != nil
                ? .success(target)
                : .failure(
                    APIError(
                        .unknownTarget, "\"\(Limits.shown(target))\" is neither a level nor a rule of \(rs.name)",
                        field: "target"))
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
        w.objects("rules", rules) { w, i in
            let rule = rs.rules[i]
            w.member("rule", rule.name)
            w.member("level", rs.levels[rule.level].name)
            w.member("condition", r.evaluation.rules[i].word)
            w.member("when", analysis.printer.text(rule.condition))
            w.objects("failing", analysis.parts(rule.condition).lazy.filter { $0.value != .yes }) { w, p in
                w.member("part", p.text)
                w.member("value", p.value.word)
                let facts = p.value == .unknown ? analysis.openFacts(p) : []
                w.array("unknown_facts", facts.lazy.map { rs.facts[$0].name })
                open.formUnion(facts)
            }
        }
        w.array("open_facts", open.sorted().lazy.map { rs.facts[$0].name })
        w.objects("changes", changes) { w, c in
            w.key("set")
            APIService.writeFacts(c.set, rs, &w)
            w.member("outcome", rs.levels[c.outcome].name)
        }
        w.endObject()
    }
}
