/// Scenarios given as JSON (spec section 4): `{"id": …, "title": …, "facts": {…}, "expect": {…}}`, or a
/// bare facts object. Errors are messages (the caller adds the line number of JSON Lines input).
struct JSONScenarioDecoder {
    let ruleSet: RuleSet

    struct Failure: Error, Sendable { var message: String }

    func decode(_ json: JSONValue, defaultID: String? = nil) -> Result<Scenario, Failure> {
        guard let object = json.objectValue else {
            return .failure(Failure(message: "expected a JSON object, found \(json.kindDescription)"))
        }
        if let dup = json.duplicateKey {
            return .failure(Failure(message: "the key \"\(Limits.shown(dup))\" appears twice"))
        }
        let isWrapped = object.contains { $0.0 == "facts" }
        var id = defaultID
        var title: String? = nil
        var factsObject: [(String, JSONValue)] = object
        var expect: [(String, JSONValue)] = []
        if isWrapped {
            for (k, v) in object {
                switch k {
                case "id":
                    guard let s = v.stringValue else { return .failure(Failure(message: "\"id\" must be a string")) }
                    guard s.utf8.count <= Limits.scenarioIDBytes else {
                        return .failure(
                            Failure(
                                message:
                                    "\"id\" is \(s.utf8.count) bytes long, more than the limit of \(Limits.scenarioIDBytes)"
                            ))
                    }
                    id = s
                case "title": title = v.stringValue
                case "source": break
                case "facts":
                    guard let f = v.objectValue else {
                        return .failure(Failure(message: "\"facts\" must be an object"))
                    }
                    if let dup = v.duplicateKey {
                        return .failure(Failure(message: "the fact \"\(Limits.shown(dup))\" appears twice"))
                    }
                    factsObject = f
                case "expect":
                    guard let x = v.objectValue else {
                        return .failure(Failure(message: "\"expect\" must be an object"))
                    }
                    expect = x
                default:
                    return .failure(
                        Failure(
                            message: "unknown key \"\(Limits.shown(k))\" (expected id, title, source, facts, expect)"))
                }
            }
        }
        if factsObject.count > Limits.factsPerScenario {
            return .failure(Failure(message: "more than \(Limits.factsPerScenario) facts, the limit for one scenario"))
        }
        var facts = ruleSet.defaultFacts()
        var given: [Int] = []
        let levels = ruleSet.levels.map(\.name)
        for (name, value) in factsObject {
            guard let slot = ruleSet.factIndex[name] else {
                let near =
                    Suggestions.didYouMean(ruleSet.suggestedFacts(for: name), quote: "\"").map { " (\($0))" } ?? ""
                return .failure(Failure(message: "unknown fact \"\(Limits.shown(name))\"\(near)"))
            }
            switch JSONScenarioDecoder.value(value, ruleSet.facts[slot].type, levels: levels) {
            case .success(let v):
                facts[slot] = v
                given.append(slot)
            case .failure(let e): return .failure(Failure(message: "fact \"\(name)\": \(e.message)"))
            }
        }
        var expectations: [LocatedExpectation] = []
        for (k, v) in expect {
            switch expectation(k, v) {
            case .success(let list):
                expectations += list.map { LocatedExpectation(expectation: $0.0, span: nil, text: $0.1) }
            case .failure(let f): return .failure(f)
            }
        }
        return .success(
            Scenario(
                id: id ?? "", title: title, source: nil, facts: facts, given: given,
                expectations: expectations, span: nil))
    }

    func names(_ v: JSONValue) -> [String]? {
        if let s = v.stringValue { return [s] }
        return v.arrayValue?.compactMap(\.stringValue)
    }

    func expectation(_ key: String, _ v: JSONValue) -> Result<[(CheckedExpectation, String)], Failure> {
        func lookup(_ name: String, _ index: [String: Int], _ what: String) -> Result<Int, Failure> {
            if let i = index[name] { return .success(i) }
            return .failure(
                Failure(message: "expect.\(key): \"\(Limits.shown(name))\" is not \(what) of this rule set"))
        }
        var out: [(CheckedExpectation, String)] = []
        /// Each name `v` lists, looked up in `index` and made an expectation; the first failure, if any.
        func each(
            _ plural: String, _ index: [String: Int], _ what: String,
            _ make: (Int, String) -> (CheckedExpectation, String)
        ) -> Result<[(CheckedExpectation, String)], Failure> {
            guard let list = names(v) else {
                return .failure(Failure(message: "expect.\(key) must be an array of \(plural)"))
            }
            for n in list {
                switch lookup(n, index, what) {
                case .success(let i): out.append(make(i, n))
                case .failure(let f): return .failure(f)
                }
            }
            return .success(out)
        }
        switch key {
        case "outcome":
            guard let s = v.stringValue else {
                return .failure(Failure(message: "expect.outcome must be a level name"))
            }
            switch lookup(s, ruleSet.levelIndex, "a level") {
            case .success(let l): out.append((.outcome(.exactly, level: l), "outcome \(s)"))
            case .failure(let f): return .failure(f)
            }
        case "fired", "not_fired":
            return each("rule names", ruleSet.ruleIndex, "a rule") { r, n in
                (.fired(rule: r, negated: key == "not_fired"), (key == "fired" ? "fired " : "not fired ") + n)
            }
        case "advice", "no_advice":
            return each("advice ids", ruleSet.adviceIndex, "advice") { a, n in
                (.advice(a, negated: key == "no_advice"), (key == "advice" ? "advice " : "no advice ") + n)
            }
        case "missing":
            guard let list = names(v) else {
                return .failure(Failure(message: "expect.missing must be an array of fact names"))
            }
            for n in list {
                if ruleSet.factIndex[n] == nil, let s = ruleSet.scoreIndex[n] {
                    // a tool not started, as one line
                    out.append((.missingTool(score: s, negated: false), "missing \(n)"))
                    continue
                }
                switch lookup(n, ruleSet.factIndex, "a fact") {
                case .success(let f): out.append((.missing(fact: f), "missing \(n)"))
                case .failure(let f): return .failure(f)
                }
            }
        case "due":
            guard let s = v.stringValue, let d = CivilDateTime.parse(s) else {
                return .failure(Failure(message: "expect.due must be a date-time string like \"2019-04-13T16:00\""))
            }
            out.append((.due(d), "due \(d)"))
        default:
            return .failure(
                Failure(
                    message:
                        "unknown expectation \"\(Limits.shown(key))\" (expected outcome, fired, not_fired, advice, no_advice, missing, due)"
                ))
        }
        return .success(out)
    }

    /// A JSON value as a fact's value (nil result: unknown), or a message saying what is wrong.
    static func value(_ j: JSONValue, _ type: FactType, levels: [String]) -> Result<FactValue?, ValueConverter.Failure>
    {
        if j.isNull { return .success(nil) }
        let syntax: ValueSyntax.Kind
        let here = SourceSpan(SourceLocation(file: "<json>", line: 1, column: 1))
        switch type {
        case .yesNo:
            guard let b = j.boolValue else {
                return .failure(.init(message: "expected true or false, found \(j.kindDescription)"))
            }
            syntax = .bool(b)
        case .number, .count:
            guard let n = j.exactNumber else {
                if let text = j.numberText {
                    return .failure(.init(message: ValueProblems.number(text), hint: ValueProblems.numberHint))
                }
                return .failure(
                    .init(message: "expected a number, found \(j.kindDescription)", hint: ValueProblems.numberHint))
            }
            syntax = .number(n)
        case .someOf:
            if let s = j.stringValue {
                syntax = .set([Name(s, here)])
            } else if let items = j.arrayValue {
                var names: [Name] = []
                for item in items {
                    guard let s = item.stringValue else {
                        return .failure(.init(message: "expected an array of strings"))
                    }
                    names.append(Name(s, here))
                }
                syntax = .set(names)
            } else {
                return .failure(.init(message: "expected an array of strings, found \(j.kindDescription)"))
            }
        case .oneOf, .level, .text:
            guard let s = j.stringValue else {
                return .failure(.init(message: "expected a string, found \(j.kindDescription)"))
            }
            syntax = type == .text ? .string(s) : .word(s)
        case .date, .dateTime:
            // A date where a date-time is wanted (or the other way round) goes on to `ValueConverter`, which
            // says so as it does for every route; a string that is neither is said by `ValueProblems`.
            guard let s = j.stringValue else {
                let example = type == .date ? "\"2019-04-12\"" : "\"2019-04-12T16:00\""
                return .failure(
                    .init(
                        message:
                            "expected \(type == .date ? "a date" : "a date-time") string like \(example), found \(j.kindDescription)"
                    ))
            }
            if let d = CivilDateTime.parse(s) {
                syntax = .dateTime(d)
            } else if let d = CivilDate.parse(s) {
                syntax = .date(d)
            } else if s.utf8.count > 10 || (s.utf8.count < 10 && type == .dateTime) {
                return .failure(.init(message: ValueProblems.dateTime(s) ?? "`\(Limits.shown(s))` is not a date-time"))
            } else {
                return .failure(.init(message: ValueProblems.date(s) ?? "`\(Limits.shown(s))` is not a date"))
            }
        }
        return ValueConverter.convert(ValueSyntax(kind: syntax, span: here), to: type, levels: levels)
    }
}
