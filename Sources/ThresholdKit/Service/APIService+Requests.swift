/// What the handlers share in reading a request: the rule set it names, its JSON body, a scenario in it.
extension APIService {
    /// The rule set named by `?ruleset=NAME` (the first served when absent), or the error to answer.
    func ruleSet(for request: HTTPRequest) -> Result<RuleSet, APIError> {
        let name = request.parameter("ruleset")
        guard let entry = ruleSets.entry(name) else {
            return .failure(unknownRuleSet(name ?? ""))
        }
        guard let rs = entry.ruleSet else {
            return .failure(
                APIError(
                    .ruleSetUnavailable, "the rule set \(entry.name) has errors and has never loaded",
                    field: "ruleset"))
        }
        return .success(rs)
    }

    /// `?ruleset=` naming no rule set served: the error names those there are.
    func unknownRuleSet(_ name: String) -> APIError {
        let names = ruleSets.all.map { "\"\($0.name)\"" }
        let there =
            names.count == 1
            ? "the rule set served is \(names[0])"
            : "the rule sets served are "
                + (names.count > 1
                    ? names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1] : "none")
        return APIError(
            .unknownRuleSet, "no rule set named \"\(Limits.shown(name))\"; \(there)", field: "ruleset")
    }

    /// The request's body as one JSON value (Content-Type application/json).
    func jsonBody(_ request: HTTPRequest) -> Result<JSONValue, APIError> {
        if let e = requireContentType(request, ["application/json"]) { return .failure(e) }
        do {
            return .success(try JSONReader.parse(bytes: request.body))
        } catch {
            return .failure(APIError(.badJSON, "invalid JSON: \(error.description)"))
        }
    }

    /// A scenario object (spec section 4) checked against `rs`; `field` prefixes the member named in errors.
    func scenario(_ json: JSONValue, _ rs: RuleSet, field: String? = nil) -> Result<(Scenario, hasID: Bool), APIError> {
        switch JSONScenarioDecoder(ruleSet: rs).decode(json) {
        case .success(let s): return .success((s, json["facts"] != nil && json["id"] != nil))
        case .failure(let f):
            let prefix = field.map { $0 + "." } ?? ""
            var member: String? = field
            var code = APIErrorCode.invalidScenario
            for (lead, c) in [("unknown fact \"", APIErrorCode.unknownFact), ("fact \"", .badValue)]
            where f.message.hasPrefix(lead) {
                let rest = f.message.dropFirst(lead.count)
                if let end = rest.firstIndex(of: "\"") { member = prefix + "facts." + rest[..<end] }
                code = c
            }
            if json.objectValue == nil { return .failure(APIError(.notAnObject, f.message, field: field)) }
            return .failure(APIError(code, f.message, field: member))
        }
    }

    /// The scored result of a scenario, with its changes, as `threshold score --format json` does.
    func scored(_ s: Scenario, _ rs: RuleSet, hasID: Bool, _ worker: ServiceWorker) -> (
        ScoredResult, JSONResultRenderer
    ) {
        let (scoring, renderer) = worker.tools(rs)
        return (scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title, changes: true), renderer)
    }

    func writeFacts(_ set: [(slot: Int, value: FactValue?)], _ rs: RuleSet, _ w: inout JSONWriter) {
        w.beginObject()
        for (slot, value) in set {
            w.key(rs.facts[slot].name)
            JSONFactValue.write(value, rs.facts[slot].type, levels: rs.levels, to: &w)
        }
        w.endObject()
    }
}
