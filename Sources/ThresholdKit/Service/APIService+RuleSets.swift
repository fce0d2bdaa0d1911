import Foundation

/// `GET /v1/rulesets`, `GET /v1/rulesets/{name}`, its worked cases (`…/cases`, `…/cases/{n}`) and reading
/// pasted `.scenario` text (`POST …/parse`). No path from a request ever reaches the file system: a worked
/// case is opened by its number in the list the server made at start-up.
extension APIService {
    /// Answers with the rule set named by the path's first parameter, or `unknown_ruleset` (404).
    func withEntry(_ parameters: [String], _ answer: (ServiceRuleSets.Entry) -> HTTPResponse) -> HTTPResponse {
        let name = parameters.first ?? ""
        guard let entry = ruleSets.entry(name) else { return error(unknownRuleSet(name)) }
        return answer(entry)
    }

    func listRuleSets() -> HTTPResponse {
        answer { w in
            w.objects(ruleSets.all) { w, e in
                w.member("name", e.name)
                w.member("title", e.ruleSet?.name)
                w.member("version", e.ruleSet?.version)
                w.member("fingerprint", e.ruleSet?.fingerprint)
                w.member("errors", e.errors.count)
            }
        }
    }

    func describe(_ e: ServiceRuleSets.Entry) -> HTTPResponse {
        answer { w in
            w.object { w in
                w.member("name", e.name)
                w.member("generation", e.generation)
                w.key("errors")
                writeDiagnostics(e.errors, &w)
                if let rs = e.ruleSet { RuleSetDescription.write(rs, &w) }
            }
        }
    }

    /// `[{"code", "message", "file", "line", "column"}, …]`: diagnostics as the API gives them.
    func writeDiagnostics(_ ds: [Diagnostic], _ w: inout JSONWriter) {
        w.objects(ds) { w, d in
            w.member("code", d.code.rawValue)
            w.member("message", d.message)
            DiagnosticJSONRenderer.place(d.span, &w)
        }
    }

    func listCases(_ e: ServiceRuleSets.Entry) -> HTTPResponse {
        answer { w in
            w.objects(e.cases.indices) { w, i in
                w.member("number", i + 1)
                w.member("file", e.cases[i].id)
            }
        }
    }

    /// The scenarios of worked case file number `n` (1-based) of the list.
    func openCase(_ e: ServiceRuleSets.Entry, _ n: String) -> HTTPResponse {
        // Digits only, and no leading zero: one number has one spelling (`+1` and `01` are not case 1).
        guard n.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), !n.hasPrefix("0"), n.utf8.count <= 9, let i = Int(n),
            i >= 1, i <= e.cases.count
        else {
            return error(APIError(.unknownCase, "no worked case number \(Limits.shown(n)) for \(e.name)"))
        }
        guard let rs = e.ruleSet else {
            return error(APIError(.ruleSetUnavailable, "the rule set \(e.name) has errors"))
        }
        let input = ScenarioInput.load([e.cases[i - 1].path], against: rs)
        return scenariosAnswer(input, rs, file: e.cases[i - 1].id)
    }

    /// `.scenario` text in (text/plain); its scenarios as JSON scenario objects out, or its errors (422).
    func parseScenarioText(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        if let err = requireContentType(request, ["text/plain"]) { return error(err) }
        guard let rs = e.ruleSet else {
            return error(APIError(.ruleSetUnavailable, "the rule set \(e.name) has errors"))
        }
        let text = String(decoding: request.body, as: UTF8.self)
        let input = ScenarioInput.load(
            ["pasted.scenario"], against: rs, reader: MemoryReader(["pasted.scenario": text]))
        return scenariosAnswer(input, rs, file: "pasted.scenario")
    }

    private func scenariosAnswer(_ input: ScenarioInputLoad, _ rs: RuleSet, file: String) -> HTTPResponse {
        if input.hasErrors {
            let errors = input.diagnostics.filter { $0.severity == .error }
            let message =
                errors.first.map { d in (d.span.map { "\($0.start.line):\($0.start.column): " } ?? "") + d.message }
                ?? "the scenario file has errors"
            return error(APIError(.invalidScenarioFile, message)) { w in
                w.key("diagnostics")
                writeDiagnostics(errors, &w)
            }
        }
        return answer { w in
            w.object { w in
                w.member("file", file)
                w.objects("scenarios", input.scenarios) { w, s in
                    w.member("id", s.id)
                    w.member("title", ifPresent: s.title)
                    w.key("facts")
                    APIService.writeFacts(s.given.sorted().map { ($0, s.facts[$0]) }, rs, &w)
                }
            }
        }
    }
}

/// A rule set as JSON for `/v1/rulesets/{name}`: its facts in `ask` order with their group, types,
/// questions and ranges; levels; scores with bands; advice; rules; fingerprint.
enum RuleSetDescription {
    static func write(_ rs: RuleSet, _ w: inout JSONWriter) {
        w.member("title", rs.name)
        w.member("version", rs.version)
        w.member("source", rs.source)
        w.member("fingerprint", rs.fingerprint)
        w.objects("facts", askOrder(rs)) { w, slot in
            let f = rs.facts[slot]
            w.member("name", f.name)
            w.member("group", group(slot, rs))
            w.member("question", f.question)
            w.key("type")
            writeType(f.type, &w)
            w.member("required", f.required)
            w.key("default")
            JSONFactValue.write(f.defaultValue, f.type, levels: rs.levels, to: &w)
            w.member("source", f.source)
        }
        w.objects("levels", rs.levels) { w, l in
            w.member("name", l.name)
            w.member("label", l.label)
            w.member("route", l.route)
            w.member("within", l.within?.description)
        }
        w.member("default_level", rs.levels[rs.defaultLevel].name)
        w.objects("scores", rs.scores) { w, s in
            w.member("name", s.name)
            w.member("label", s.label)
            w.member("source", s.source)
            range(s.possibleMin, s.possibleMax, &w)
            w.array("facts", s.factsRead.lazy.map { rs.facts[$0].name })
            w.objects("bands", s.bands) { w, b in
                w.member("name", b.name)
                w.member("label", b.label)
                w.member("low", b.low)
                w.member("high", b.high)
            }
        }
        w.objects("rules", rs.rules) { w, r in
            w.member("name", r.name)
            w.member("label", r.label)
            w.member("level", rs.levels[r.level].name)
            w.member("because", r.because)
            w.member("source", r.source)
        }
        w.objects("advice", rs.advice) { w, a in
            w.member("name", a.name)
            w.member("text", a.text)
            w.member("source", a.source)
        }
    }

    /// The facts in the order `ask` would put them for an empty case (most consequential first), then the
    /// rest in the order they are declared.
    static func askOrder(_ rs: RuleSet) -> [Int] {
        let first = Scoring(rs).score(rs.defaultFacts()).missing.map(\.fact)
        let asked = Set(first)
        return first + rs.facts.indices.filter { !asked.contains($0) }
    }

    /// The tool a fact belongs to (the first score that reads it), or "Referral".
    static func group(_ slot: Int, _ rs: RuleSet) -> String {
        for s in rs.scores where s.factsRead.contains(slot) { return s.label ?? s.name }
        return "Referral"
    }

    /// `"min"` and `"max"`: the least and the most a fact of a number type may be, or a score may total.
    static func range(_ min: some JSONScalar, _ max: some JSONScalar, _ w: inout JSONWriter) {
        w.member("min", min)
        w.member("max", max)
    }

    static func writeType(_ t: FactType, _ w: inout JSONWriter) {
        w.object { w in
            switch t {
            case .yesNo:
                w.member("kind", "yes/no")
            case .number(let lo, let hi):
                w.member("kind", "number")
                range(lo, hi, &w)
            case .count(let hi):
                w.member("kind", "count")
                range(0, hi, &w)
            case .oneOf(let vs):
                w.member("kind", "one of")
                w.array("options", vs)
            case .someOf(let vs):
                w.member("kind", "some of")
                w.array("options", vs)
            case .text:
                w.member("kind", "text")
            case .date:
                w.member("kind", "date")
            case .dateTime:
                w.member("kind", "datetime")
            case .level:
                w.member("kind", "level")
            }
            w.member("phrase", t.phrase)
        }
    }
}
