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

    /// The rule set `?ruleset=` names and the request's JSON body, given to `answer`; or the error to answer.
    func withBody(_ request: HTTPRequest, _ answer: (RuleSet, JSONValue) -> HTTPResponse) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)): return answer(rs, body)
        }
    }

    /// The body's member `name`, as `read` takes it (`\.stringValue`), or `missing_member` saying `message`.
    func required<T>(
        _ body: JSONValue, _ name: String, _ read: (JSONValue) -> T?, _ message: String
    ) -> Result<T, APIError> {
        guard let value = body[name].flatMap(read) else {
            return .failure(APIError(.missingMember, message, field: name))
        }
        return .success(value)
    }

    /// A request `{"scenario": {…}, …}` (`/v1/whatif`, `/v1/whynot`): the rule set and the body; the body's
    /// `scenario` (it must be there), then what `more` reads of the body's other members, then the scenario read
    /// against the rule set; all given to `answer`, or the first error to answer.
    func withScenarioMember<T>(
        _ request: HTTPRequest, _ more: (JSONValue, RuleSet) -> Result<T, APIError>,
        _ answer: (RuleSet, Scenario, Bool, T) -> HTTPResponse
    ) -> HTTPResponse {
        withBody(request) { rs, body in
            let members = required(body, "scenario", { $0 }, "the request needs \"scenario\"").flatMap { json in
                more(body, rs).map { (json, $0) }
            }
            switch members {
            case .failure(let e): return error(e)
            case .success(let (json, m)):
                return withScenario(json, rs, field: "scenario") { s, hasID in answer(rs, s, hasID, m) }
            }
        }
    }

    /// A scenario object read against `rs` (as `scenario(_:_:field:)`), given to `answer` with whether it has an
    /// id; or the error to answer.
    func withScenario(
        _ json: JSONValue, _ rs: RuleSet, field: String? = nil, _ answer: (Scenario, Bool) -> HTTPResponse
    ) -> HTTPResponse {
        switch scenario(json, rs, field: field) {
        case .failure(let e): return error(e)
        case .success(let (s, hasID)): return answer(s, hasID)
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

    /// `{"fact": value, …}`: facts and their values in JSON form (`JSONFactValue`).
    static func writeFacts(_ set: [(slot: Int, value: FactValue?)], _ rs: RuleSet, _ w: inout JSONWriter) {
        w.object { w in
            for (slot, value) in set {
                w.key(rs.facts[slot].name)
                JSONFactValue.write(value, rs.facts[slot].type, levels: rs.levels, to: &w)
            }
        }
    }
}
