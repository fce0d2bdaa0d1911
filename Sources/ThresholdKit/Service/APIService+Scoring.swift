import Dispatch

/// `/v1/score`, `/v1/batch`, `/v1/whatif`, `/v1/whynot` and `/v1/next-questions`.
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
                    503, "ruleset_unavailable", "the rule set \(entry.name) has errors and has never loaded",
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
            404, "unknown_ruleset", "no rule set named \"\(Limits.shown(name))\"; \(there)", field: "ruleset")
    }

    /// The request's body as one JSON value (Content-Type application/json).
    func jsonBody(_ request: HTTPRequest) -> Result<JSONValue, APIError> {
        if let e = requireContentType(request, ["application/json"]) { return .failure(e) }
        do {
            return .success(try JSONReader.parse(bytes: request.body))
        } catch {
            return .failure(APIError(400, "bad_json", "invalid JSON: \(error.description)"))
        }
    }

    /// A scenario object (spec section 4) checked against `rs`; `field` prefixes the member named in errors.
    func scenario(_ json: JSONValue, _ rs: RuleSet, field: String? = nil) -> Result<(Scenario, hasID: Bool), APIError> {
        switch JSONScenarioDecoder(ruleSet: rs).decode(json) {
        case .success(let s): return .success((s, json["facts"] != nil && json["id"] != nil))
        case .failure(let f):
            let prefix = field.map { $0 + "." } ?? ""
            var member: String? = field
            var code = "invalid_scenario"
            for (lead, c) in [("unknown fact \"", "unknown_fact"), ("fact \"", "bad_value")]
            where f.message.hasPrefix(lead) {
                let rest = f.message.dropFirst(lead.count)
                if let end = rest.firstIndex(of: "\"") { member = prefix + "facts." + rest[..<end] }
                code = c
            }
            if json.objectValue == nil { return .failure(APIError(400, "not_an_object", f.message, field: field)) }
            return .failure(APIError(422, code, f.message, field: member))
        }
    }

    /// The scored result of a scenario, with its changes, as `threshold score --format json` does.
    func scored(_ s: Scenario, _ rs: RuleSet, hasID: Bool, _ worker: ServiceWorker) -> (
        ScoredResult, JSONResultRenderer
    ) {
        let (scoring, renderer) = worker.tools(rs)
        return (scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title, changes: true), renderer)
    }

    // MARK: Endpoints

    func score(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            switch scenario(body, rs) {
            case .failure(let e): return error(e)
            case .success(let (s, hasID)):
                let result: ScoredResult
                let renderer: JSONResultRenderer
                if request.parameter("changes") == "false" {
                    // As a line of `threshold batch` (no counterfactual search): "changes" stays empty.
                    let (scoring, r) = worker.tools(rs)
                    (result, renderer) = (scoring.score(s.facts, id: hasID ? s.id : nil, title: s.title), r)
                } else {
                    (result, renderer) = scored(s, rs, hasID: hasID, worker)
                }
                var w = JSONWriter()
                renderer.write(result, to: &w)
                w.endLine()
                return json(w.bytes)
            }
        }
    }

    func batch(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        if let e = requireContentType(
            request, ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/json"])
        {
            return error(e)
        }
        switch ruleSet(for: request) {
        case .failure(let e): return error(e)
        case .success(let rs):
            let body = request.body
            let changes = request.parameter("changes") == "true"
            let (maxLines, seconds) = (configuration.batchLines, configuration.batchSeconds)
            let stream: HTTPResponse.Body = .stream { send in
                // Small blocks, so that the clock is looked at often; output is the same whatever the block.
                let scorer = BatchScorer(
                    ruleSet: rs, options: .init(jobs: 1, linesPerJob: 64, chunkBytes: 1 << 16, changes: changes))
                var feed = BatchFeed(body: body, maxLines: maxLines, deadline: monotonicNow() + seconds)
                _ = try body.withUnsafeBytes { source in
                    try scorer.run(
                        read: { buffer in feed.read(source, into: buffer) },
                        write: { bytes in
                            if bytes.count > 0 { try send(Array(bytes)) }
                        })
                }
                if let stop = feed.stopped {
                    var w = JSONWriter()
                    w.beginObject()
                    w.key("stopped")
                    w.beginObject()
                    w.key("at_line")
                    w.int(stop.line)
                    w.key("reason")
                    w.string(stop.reason)
                    w.key("message")
                    w.string(
                        stop.reason == "line_limit"
                            ? "this server scores at most \(maxLines) lines in one request; send line \(stop.line) "
                                + "and those after it in another"
                            : "this server scores for at most \(seconds) seconds in one request; send line "
                                + "\(stop.line) and those after it in another")
                    w.endObject()
                    w.endObject()
                    w.endLine()
                    try send(w.bytes)
                }
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: stream)
        }
    }

    /// `{"scenario": {…}, "changes": {"fact": value, …}}`: now and what if, side by side, and what changed.
    func whatIf(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            guard let scenarioJSON = body["scenario"] else {
                return error(APIError(422, "missing_member", "the request needs \"scenario\"", field: "scenario"))
            }
            guard let changes = body["changes"]?.objectValue else {
                return error(
                    APIError(
                        422, "missing_member", "the request needs \"changes\": an object of facts and values",
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
                                422, "unknown_fact", "unknown fact \"\(Limits.shown(name))\"",
                                field: "changes.\(Limits.shown(name))"))
                    }
                    switch JSONScenarioDecoder.value(value, rs.facts[slot].type, levels: rs.levelNames()) {
                    case .failure(let f):
                        return error(
                            APIError(422, "bad_value", "fact \"\(name)\": \(f.message)", field: "changes.\(name)"))
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
                ServiceDifferences.write(now, then, &w)
                w.endObject()
                w.endObject()
                w.endLine()
                return json(w.bytes)
            }
        }
    }

    /// `{"scenario": {…}, "target": "LEVEL or RULE"}`: what stops it, and the changes that would reach it.
    func whyNot(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        switch ruleSet(for: request).flatMap({ rs in jsonBody(request).map { (rs, $0) } }) {
        case .failure(let e): return error(e)
        case .success(let (rs, body)):
            guard let scenarioJSON = body["scenario"] else {
                return error(APIError(422, "missing_member", "the request needs \"scenario\"", field: "scenario"))
            }
            guard let target = body["target"]?.stringValue else {
                return error(
                    APIError(
                        422, "missing_member", "the request needs \"target\": a level or a rule name", field: "target"))
            }
            guard rs.levelIndex[target] != nil || rs.ruleIndex[target] != nil else {
                return error(
                    APIError(
                        422, "unknown_target", "\"\(target)\" is neither a level nor a rule of \(rs.name)",
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
                    w.key("fact")
                    w.string(fact.name)
                    w.key("question")
                    w.string(fact.question ?? "What is \(fact.name)?")
                    w.key("type")
                    w.string(fact.type.phrase)
                    w.key("could_change")
                    if let c = rs.consequenceText(m.consequence) { w.string(c) } else { w.null() }
                    w.key("required")
                    w.bool(fact.required)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
                w.endLine()
                return json(w.bytes)
            }
        }
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

/// Feeds a `/v1/batch` body to the scorer a few whole lines at a time, and stops at a line boundary once
/// `maxLines` lines have been fed or the deadline has passed: the lines fed are all answered, and `stopped`
/// says at which line (1-based) the answer stops, and why. A line longer than the scorer's buffer is fed in
/// pieces, and the clock is looked at only between lines.
struct BatchFeed {
    let body: [UInt8]
    let maxLines: Int
    let deadline: Double
    private(set) var offset = 0
    private(set) var lines = 0
    private(set) var stopped: (line: Int, reason: String)?
    /// Lines fed in one read at most, so that the clock is looked at every so often.
    static let linesPerRead = 64

    init(body: [UInt8], maxLines: Int, deadline: Double) {
        self.body = body
        self.maxLines = maxLines
        self.deadline = deadline
    }

    mutating func read(_ source: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard stopped == nil, offset < body.count, let from = source.baseAddress, let to = buffer.baseAddress
        else { return 0 }
        let atLineStart = offset == 0 || body[offset - 1] == 0x0A
        if atLineStart {
            let rest = body[offset...]
            if lines >= maxLines {
                if rest.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) {
                    stopped = (lines + 1, "line_limit")
                }
                return 0
            }
            if monotonicNow() > deadline {
                stopped = (lines + 1, "time_limit")
                return 0
            }
        }
        let window = Swift.min(buffer.count, body.count - offset)
        var end = offset
        var fed = 0
        var lastBreak: Int?
        while end < offset + window {
            if body[end] == 0x0A {
                fed += 1
                lastBreak = end + 1
                if fed == Swift.min(BatchFeed.linesPerRead, maxLines - lines) { break }
            }
            end += 1
        }
        var n: Int
        if let lastBreak {
            n = lastBreak - offset
            lines += fed
        } else {
            n = window  // part of a long line, or the last line without its newline
            if offset + n == body.count { lines += 1 }
        }
        to.copyMemory(from: from + offset, byteCount: n)
        offset += n
        return n
    }
}

/// Seconds on a monotonic clock.
func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
