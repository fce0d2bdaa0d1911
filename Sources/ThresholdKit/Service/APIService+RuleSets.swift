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
        var w = JSONWriter()
        w.beginObject()
        w.key("result")
        w.beginArray()
        for e in ruleSets.all {
            w.beginObject()
            w.member("name", e.name)
            w.member("title", e.ruleSet?.name)
            w.member("version", e.ruleSet?.version)
            w.member("fingerprint", e.ruleSet?.fingerprint)
            w.member("errors", e.errors.count)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endLine()
        return json(w.bytes)
    }

    func describe(_ e: ServiceRuleSets.Entry) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("result")
        w.beginObject()
        w.member("name", e.name)
        w.member("generation", e.generation)
        w.key("errors")
        writeDiagnostics(e.errors, &w)
        if let rs = e.ruleSet { RuleSetDescription.write(rs, &w) }
        w.endObject()
        w.endObject()
        w.endLine()
        return json(w.bytes)
    }

    func writeDiagnostics(_ ds: [Diagnostic], _ w: inout JSONWriter) {
        w.beginArray()
        for d in ds {
            w.beginObject()
            w.member("code", d.code.rawValue)
            w.member("message", d.message)
            DiagnosticJSONRenderer.place(d.span, &w)
            w.endObject()
        }
        w.endArray()
    }

    func listCases(_ e: ServiceRuleSets.Entry) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("result")
        w.beginArray()
        for (i, c) in e.cases.enumerated() {
            w.beginObject()
            w.member("number", i + 1)
            w.member("file", c.id)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endLine()
        return json(w.bytes)
    }

    /// The scenarios of worked case file number `n` (1-based) of the list.
    func openCase(_ e: ServiceRuleSets.Entry, _ n: String) -> HTTPResponse {
        guard let i = Int(n), i >= 1, i <= e.cases.count else {
            return error(APIError(.unknownCase, "no worked case number \(n) for \(e.name)"))
        }
        guard let rs = e.ruleSet else {
            return error(APIError(.ruleSetUnavailable, "the rule set \(e.name) has errors"))
        }
        let input = ScenarioInput.load([e.cases[i - 1].path], against: rs)
        return scenariosAnswer(input, rs, file: e.cases[i - 1].id)
    }

    /// `.scenario` text in (text/plain); its scenarios as JSON scenario objects out, or its errors (422).
    func parseScenarioText(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry, _ worker: ServiceWorker) -> HTTPResponse
    {
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
            var w = JSONWriter()
            w.beginObject()
            w.key("error")
            w.beginObject()
            w.member("code", APIErrorCode.invalidScenarioFile.rawValue)
            w.key("message")
            w.string(
                input.diagnostics.first { $0.severity == .error }.map { d in
                    (d.span.map { "\($0.start.line):\($0.start.column): " } ?? "") + d.message
                } ?? "the scenario file has errors")
            w.key("field")
            w.null()
            w.key("diagnostics")
            writeDiagnostics(input.diagnostics.filter { $0.severity == .error }, &w)
            w.endObject()
            w.endObject()
            w.endLine()
            return json(w.bytes, status: 422)
        }
        var w = JSONWriter()
        w.beginObject()
        w.key("result")
        w.beginObject()
        w.member("file", file)
        w.key("scenarios")
        w.beginArray()
        for s in input.scenarios {
            w.beginObject()
            w.member("id", s.id)
            if let t = s.title {
                w.member("title", t)
            }
            w.key("facts")
            writeFacts(s.given.sorted().map { ($0, s.facts[$0]) }, rs, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        w.endLine()
        return json(w.bytes)
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
        w.key("facts")
        w.beginArray()
        for slot in askOrder(rs) {
            let f = rs.facts[slot]
            w.beginObject()
            w.member("name", f.name)
            w.member("group", group(slot, rs))
            w.member("question", f.question)
            w.key("type")
            writeType(f.type, &w)
            w.member("required", f.required)
            w.key("default")
            JSONFactValue.write(f.defaultValue, f.type, levels: rs.levels, to: &w)
            w.member("source", f.source)
            w.endObject()
        }
        w.endArray()
        w.key("levels")
        w.beginArray()
        for l in rs.levels {
            w.beginObject()
            w.member("name", l.name)
            w.member("label", l.label)
            w.member("route", l.route)
            w.member("within", l.within?.description)
            w.endObject()
        }
        w.endArray()
        w.member("default_level", rs.levels[rs.defaultLevel].name)
        w.key("scores")
        w.beginArray()
        for s in rs.scores {
            w.beginObject()
            w.member("name", s.name)
            w.member("label", s.label)
            w.member("source", s.source)
            w.member("min", s.possibleMin)
            w.member("max", s.possibleMax)
            w.key("facts")
            w.beginArray()
            for f in s.factsRead { w.string(rs.facts[f].name) }
            w.endArray()
            w.key("bands")
            w.beginArray()
            for b in s.bands {
                w.beginObject()
                w.member("name", b.name)
                w.member("label", b.label)
                w.member("low", b.low)
                w.member("high", b.high)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("rules")
        w.beginArray()
        for r in rs.rules {
            w.beginObject()
            w.member("name", r.name)
            w.member("label", r.label)
            w.member("level", rs.levels[r.level].name)
            w.member("because", r.because)
            w.member("source", r.source)
            w.endObject()
        }
        w.endArray()
        w.key("advice")
        w.beginArray()
        for a in rs.advice {
            w.beginObject()
            w.member("name", a.name)
            w.member("text", a.text)
            w.member("source", a.source)
            w.endObject()
        }
        w.endArray()
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

    static func writeType(_ t: FactType, _ w: inout JSONWriter) {
        w.beginObject()
        switch t {
        case .yesNo:
            w.member("kind", "yes/no")
        case .number(let lo, let hi):
            w.member("kind", "number")
            w.member("min", lo)
            w.member("max", hi)
        case .count(let hi):
            w.member("kind", "count")
            w.member("min", 0)
            w.member("max", hi)
        case .oneOf(let vs):
            w.member("kind", "one of")
            w.key("options")
            w.beginArray()
            for v in vs { w.string(v) }
            w.endArray()
        case .someOf(let vs):
            w.member("kind", "some of")
            w.key("options")
            w.beginArray()
            for v in vs { w.string(v) }
            w.endArray()
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
        w.endObject()
    }
}
