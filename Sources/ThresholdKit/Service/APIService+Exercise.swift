/// The calibration exercise's endpoints (`threshold serve … --exercise CASES.scenario`).
///
/// Trainees' endpoints take the join code and nothing else (`?code=` or `X-Join-Code`), and never show the
/// rules' answer before it is revealed: `GET /v1/exercise/case`, `POST /v1/exercise/rating`. The
/// presenter's take the server's token like the rest of `/v1`: `GET /v1/exercise`, `POST
/// /v1/exercise/reveal`, `POST /v1/exercise/next`, `GET /v1/exercise/export` (decisions `threshold audit`
/// reads) and `GET /v1/exercise/agreement` (Fleiss' kappa between trainees, each trainee with the rules).
extension APIService {
    private func unwritable(_ e: Exercise) -> HTTPResponse {
        error(APIError(.ratingsUnwritable, "the ratings file \(e.ratingsPath) cannot be written"))
    }

    /// The case as trainees see it: no answer until it is revealed.
    private func writeCase(_ e: Exercise, _ s: Exercise.State, _ w: inout JSONWriter) {
        w.member("case", Swift.min(s.index + 1, s.count))
        w.member("cases", s.count)
        w.member("finished", s.finished)
        w.member("revealed", s.revealed)
        w.objects("levels", e.ruleSet.levels) { w, l in
            w.member("id", l.name)
            w.member("label", l.label)
        }
        guard !s.finished else { return }
        let c = e.cases[s.index]
        // Not the scenario's id, which often names the answer (`imminent_danger_night`): the case's place.
        w.member("id", Exercise.traineeID(s.index))
        // A worked case's title often names its answer ("… held at amber"): it is shown with the answer.
        if s.revealed, let t = c.scenario.title {
            w.member("title", t)
        }
        if let story = c.scenario.story {
            w.member("story", story)
        }
        w.key("facts")
        c.facts.withUnsafeBufferPointer { w.fragment(encoded: $0) }
    }

    /// `GET /v1/exercise/case`.
    func exerciseCase(_ request: HTTPRequest, _ e: Exercise) -> HTTPResponse {
        let s = e.state()
        return exerciseAnswer { w in
            writeCase(e, s, &w)
            if !s.finished && s.revealed {
                w.member("answer", e.ruleSet.levels[e.cases[s.index].outcome].name)
            }
            if let by = request.parameter("by"), let mine = s.ratings.first(where: { $0.by == by }) {
                // Whether this trainee has rated; which level, only once revealed (no peeking at a neighbour's).
                w.key("rated")
                if s.revealed { w.string(e.ruleSet.levels[mine.level].name) } else { w.bool(true) }
            }
        }
    }

    /// `{"exercise": {…}}`: the object's members written by `members`.
    private func exerciseAnswer(_ members: (inout JSONWriter) -> Void) -> HTTPResponse {
        json(APIService.line("exercise") { w in w.object(members) })
    }

    /// `{"by": TRAINEE, "level": LEVEL, "rationale": "…", "case": ID}`: one rating per trainee per case.
    /// `POST /v1/exercise/rating`.
    func exerciseRating(_ request: HTTPRequest, _ e: Exercise) -> HTTPResponse {
        let body: JSONValue
        switch jsonBody(request) {
        case .failure(let err): return error(err)
        case .success(let b): body = b
        }
        guard body.objectValue != nil else { return error(APIError(.notAnObject, "send a JSON object")) }
        // A key given twice: which value counts would be a guess (the first was taken; a review).
        if let dup = body.duplicateKey {
            return error(APIError(.badJSON, "the key \"\(Limits.shown(dup))\" appears twice"))
        }
        guard let by = body["by"]?.stringValue, (1...40).contains(by.count),
            by.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else {
            return error(
                APIError(
                    .badTrainee, "\"by\" must be a name of 1 to 40 letters, digits, -, _ or . (a pseudonym)",
                    field: "by"))
        }
        guard let text = body["level"]?.stringValue, let level = e.ruleSet.levels.firstIndex(where: { $0.name == text })
        else {
            return error(
                APIError(
                    .badLevel,
                    "\"level\" must be one of " + e.ruleSet.levels.map(\.name).joined(separator: ", "), field: "level"))
        }
        // A string or null; at most 2,000 characters counted as Unicode scalars (as JSON Schema's maxLength
        // counts), not as what a reader sees: `e` with 4 million accents is one of those, and 8 MB.
        if let given = body["rationale"], given != .null, given.stringValue == nil {
            return error(APIError(.badRationale, "\"rationale\" must be a string", field: "rationale"))
        }
        var rationale = body["rationale"]?.stringValue
        if rationale?.isEmpty == true { rationale = nil }
        if let r = rationale, r.unicodeScalars.count > 2000 {
            return error(APIError(.badRationale, "a rationale is at most 2000 characters", field: "rationale"))
        }
        switch e.rate(by: by, level: level, rationale: rationale, caseID: body["case"]?.stringValue) {
        case .success: return json(Array("{\"rated\":true}\n".utf8))
        case .failure(let f):
            switch f {
            case .finished: return error(APIError(.finished, "the exercise is over"))
            case .revealed:
                return error(APIError(.revealed, "the answer to this case has been revealed; wait for the next"))
            case .movedOn:
                return error(APIError(.movedOn, "the exercise has moved on to another case", field: "case"))
            case .already: return error(APIError(.alreadyRated, "\(by) has rated this case", field: "by"))
            case .full: return error(APIError(.full, "this case has all the ratings it takes"))
            case .unwritable: return unwritable(e)
            }
        }
    }

    /// `POST /v1/exercise/reveal`: the state, revealed; after the last case, `finished` (409).
    func exerciseReveal(_ e: Exercise) -> HTTPResponse {
        if e.state().finished { return error(APIError(.finished, "the exercise is over: there is no case to reveal")) }
        return e.reveal() ? exerciseState(e) : unwritable(e)
    }

    /// `POST /v1/exercise/next`: the state, on the next case.
    func exerciseNext(_ e: Exercise) -> HTTPResponse { e.next() ? exerciseState(e) : unwritable(e) }

    /// `GET /v1/exercise`. The presenter's view: the case, the join path, how many have rated, the rules' answer (result as
    /// `/v1/score` gives it) and, once revealed, the spread of the room's ratings.
    func exerciseState(_ e: Exercise) -> HTTPResponse {
        let s = e.state()
        return exerciseAnswer { w in
            w.member("join", "/join?code=" + e.code)
            w.member("code", e.code)
            writeCase(e, s, &w)
            w.member("rated", s.ratings.count)
            guard !s.finished else { return }
            let c = e.cases[s.index]
            w.member("answer", e.ruleSet.levels[c.outcome].name)
            w.key("result")
            c.result.withUnsafeBufferPointer { w.fragment(encoded: $0) }
            guard s.revealed else { return }
            w.key("spread")
            levelCounts(e, e.ruleSet.levels.indices.map { i in s.ratings.filter { $0.level == i }.count }, &w)
            w.objects("rationales", s.ratings.lazy.filter { $0.rationale != nil }) { w, r in
                w.member("level", e.ruleSet.levels[r.level].name)
                w.member("rationale", r.rationale)
            }
        }
    }

    /// `{"LEVEL": N, …}`: a count for each level of the exercise's rules, in their order.
    private func levelCounts(_ e: Exercise, _ counts: [Int], _ w: inout JSONWriter) {
        w.object { w in
            for (l, n) in zip(e.ruleSet.levels, counts) { w.member(l.name, n) }
        }
    }

    /// The ratings as decisions (JSON Lines) that `threshold audit` reads: `id` the case, the case's facts,
    /// `recorded` the trainee's rating, `by` the trainee.
    /// `GET /v1/exercise/export`.
    func exerciseExport(_ e: Exercise) -> HTTPResponse {
        var w = JSONWriter()
        for (i, ratings) in e.allRatings().enumerated() {
            let c = e.cases[i]
            for r in ratings {
                w.object { w in
                    w.member("id", c.scenario.id)
                    w.key("facts")
                    c.facts.withUnsafeBufferPointer { w.fragment(encoded: $0) }
                    w.member("recorded", e.ruleSet.levels[r.level].name)
                    w.member("by", r.by)
                }
                w.endLine()
            }
        }
        return HTTPResponse(
            status: 200,
            headers: [
                ("Content-Type", "application/x-ndjson"),
                ("Content-Disposition", "attachment; filename=\"exercise-decisions.jsonl\""),
            ], body: .bytes(w.bytes))
    }

    /// Agreement: Fleiss' kappa between trainees (cases rated by two or more), and each trainee's agreement
    /// with the rules (the share of their ratings that are the rules' answer, and Cohen's kappa).
    /// `GET /v1/exercise/agreement`.
    func exerciseAgreement(_ e: Exercise) -> HTTPResponse {
        let all = e.allRatings()
        let k = e.ruleSet.levels.count
        var table: [[Int]] = []
        var trainees: [String: [[Int]]] = [:]
        var order: [String] = []
        for (i, ratings) in all.enumerated() {
            var row = Array(repeating: 0, count: k)
            for r in ratings {
                row[r.level] += 1
                if trainees[r.by] == nil { order.append(r.by) }
                trainees[r.by, default: Array(repeating: Array(repeating: 0, count: k), count: k)][r.level][
                    e.cases[i].outcome] += 1
            }
            table.append(row)
        }
        let agreement = JSONWriter.document { w in
            w.member("cases", e.cases.count)
            w.member("ratings", all.reduce(0) { $0 + $1.count })
            w.array("levels", e.ruleSet.levels.lazy.map(\.name))
            w.key("fleiss_kappa")
            if let f = Fleiss.kappa(table) { w.number(raw: String(f)) } else { w.null() }
            w.member("cases_rated_twice", table.filter { $0.reduce(0, +) >= 2 }.count)
            w.object("trainees") { w in
                for by in order.sorted() {
                    let m = trainees[by]!
                    let n = m.reduce(0) { $0 + $1.reduce(0, +) }
                    let same = (0..<k).reduce(0) { $0 + m[$1][$1] }
                    w.object(by) { w in
                        w.member("ratings", n)
                        w.key("agreement")
                        w.number(raw: String(Double(same) / Double(n)))
                        w.key("kappa")
                        if let kappa = Kappa.of(m, .unweighted) { w.number(raw: String(kappa.kappa)) } else { w.null() }
                    }
                }
            }
            w.objects("per_case", table.indices) { w, i in
                w.member("id", e.cases[i].scenario.id)
                w.member("rules", e.ruleSet.levels[e.cases[i].outcome].name)
                w.key("ratings")
                levelCounts(e, table[i], &w)
            }
        }
        return json(agreement.bytes)
    }
}
