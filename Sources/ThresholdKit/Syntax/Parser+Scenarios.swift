/// Parsing `.scenario` files and fact values (shared with `--set` and the REPL).
extension Parser {
    static let scenarioWords: Set<String> = ["rules", "scenario"]
    static let expectationWords: Set<String> = [
        "outcome", "fired", "not", "score", "advice", "no", "missing", "due", "undetermined", "capped", "settled",
        "provisional",
    ]

    static func parseScenarios(_ file: SourceFile) -> (ScenarioFileSyntax, [Diagnostic]) {
        var p = Parser(file: file)
        var result = ScenarioFileSyntax(file: file, rulesPath: nil, rulesSpan: nil, scenarios: [])
        while !p.atEnd {
            do {
                if p.current.isWord("rules") {
                    let t = p.advance()
                    let path = try p.string("the path of the rule set")
                    if let first = result.rulesSpan {
                        p.diagnostics.append(
                            .error(
                                .duplicateRules, "a scenario file names one rule set; this is a second `rules` line",
                                at: t.span, hint: "split the scenarios into one file per rule set",
                                notes: [DiagnosticNote("the first `rules` line", at: first)]))
                    } else {
                        result.rulesPath = path
                        result.rulesSpan = p.spanFrom(t.span)
                    }
                } else if p.current.isWord("scenario") {
                    guard result.scenarios.count < Limits.scenariosPerFile else {
                        p.diagnostics.append(
                            .error(
                                .tooManyScenarios,
                                "this file has more than \(Limits.scenariosPerFile) scenarios, the limit",
                                at: p.current.span, hint: "split the scenarios into several files"))
                        break
                    }
                    result.scenarios.append(try p.scenario())
                } else {
                    throw p.fail("expected `rules \"PATH\"` or `scenario ID \"title\"`, found \(p.display(p.current))")
                }
            } catch {
                p.recover(to: scenarioWords)
            }
        }
        return (result, p.diagnostics)
    }

    mutating func scenario() throws -> ScenarioSyntax {
        let start = advance().span
        let id = try name("the scenario's id")
        var s = ScenarioSyntax(
            id: id, title: optionalString(), source: nil, given: [], expectations: [], span: spanFrom(start))
        while !accept(word: "end") {
            if atEnd {
                throw fail("scenario `\(id.text)` is not closed", hint: "add `end` after its expectations", at: start)
            }
            if accept(word: "source") {
                s.source = try string("the source")
            } else if current.isWord("story"), case .string = peek().kind {
                advance()
                s.story = try string("the story")
            } else if accept(word: "given") {
                while let w = current.word, !["expect", "source", "end", "given", "scenario", "rules"].contains(w) {
                    // `story "…"` after the facts (a fact named `story` is still given as `story = …`).
                    if w == "story", case .string = peek().kind { break }
                    if s.given.count == Limits.factsPerScenario {
                        throw fail("scenario `\(id.text)` gives more than \(Limits.factsPerScenario) facts, the limit")
                    }
                    s.given.append(try givenFact())
                }
            } else if accept(word: "expect") {
                while let w = current.word, Parser.expectationWords.contains(w) {
                    s.expectations.append(try expectation())
                }
            } else {
                throw fail(
                    "expected `given`, `expect`, `source`, `story` or `end` in scenario `\(id.text)`, found \(display(current))"
                )
            }
        }
        return s
    }

    mutating func givenFact() throws -> GivenFact {
        let t = current
        guard let w = t.word else { throw fail("expected a fact's name, found \(display(t))") }
        advance()
        if w == "rest", current.isWord("of") {
            advance()
            let score = try name("a score")
            try expect(.compare(.eq), "after the score's name", hint: "write `rest of \(score.text) = no`")
            return GivenFact(name: score, value: try value(), restOf: true)
        }
        try expect(.compare(.eq), "after the fact's name", hint: "write `\(w) = VALUE`")
        return GivenFact(name: Name(w, t.span), value: try value(severalWords: true))
    }

    /// A value: a number, `yes`, `no`, `unknown`, a name, `(a, b)`, a string, a date or a date-time.
    /// With `severalWords` (a `given` line, `--set`, the REPL), words that follow a word on its line are read
    /// with it as one word (`early years`), so the fact's values can say which was meant.
    mutating func value(severalWords: Bool = false) throws -> ValueSyntax {
        let t = current
        switch t.kind {
        case .number, .symbol(.arith(.sub)):
            let n = try numberLiteral("a value")
            return ValueSyntax(kind: .number(n), span: spanFrom(t.span))
        case .string(let s):
            advance()
            return ValueSyntax(kind: .string(s), span: t.span)
        case .date(let d):
            advance()
            return ValueSyntax(kind: .date(d), span: t.span)
        case .dateTime(let d):
            advance()
            return ValueSyntax(kind: .dateTime(d), span: t.span)
        case .symbol(.leftParen):
            advance()
            var names: [Name] = []
            if !accept(.rightParen) {
                repeat {
                    guard let w = current.word else {
                        throw fail("expected a value in the set, found \(display(current))")
                    }
                    names.append(Name(w, advance().span))
                } while accept(.comma)
                try expect(.rightParen, "to close the set")
            }
            return ValueSyntax(kind: .set(names), span: spanFrom(t.span))
        case .word(let w):
            advance()
            if severalWords, !current.startsLine, current.word != nil {
                var text = w
                while !current.startsLine, let more = current.word {
                    text += " " + more
                    advance()
                }
                return ValueSyntax(kind: .word(text), span: spanFrom(t.span))
            }
            switch w {
            case "yes": return ValueSyntax(kind: .bool(true), span: t.span)
            case "no": return ValueSyntax(kind: .bool(false), span: t.span)
            case "unknown": return ValueSyntax(kind: .unknown, span: t.span)
            default: return ValueSyntax(kind: .word(w), span: t.span)
            }
        default:
            throw fail(
                "expected a value, found \(display(t))",
                hint: "values are numbers, yes, no, unknown, names, (a, b), \"text\", dates and date-times")
        }
    }

    /// Parses one value written on its own, as in `--set age=12` or the REPL's `age = 12`.
    static func parseValue(_ text: String, path: String = "<value>") -> (ValueSyntax?, [Diagnostic]) {
        var p = Parser(file: SourceFile(path: path, text: text))
        p.endOfInput = "nothing"
        guard p.diagnostics.isEmpty else { return (nil, p.diagnostics) }
        do {
            let v = try p.value(severalWords: true)
            if !p.atEnd { throw p.fail("unexpected \(p.display(p.current)) after the value") }
            return (v, p.diagnostics)
        } catch {
            return (nil, p.diagnostics)
        }
    }

    mutating func expectation() throws -> Expectation {
        let start = current.span
        let w = advance().word ?? ""
        let kind: ExpectationSyntax
        switch w {
        case "outcome":
            let test = try outcomeTest()
            kind = .outcome(test, try name("a level"))
        case "fired": kind = .fired(try name("a rule"), negated: false)
        case "not":
            if accept(word: "missing") {
                kind = .notMissing(try name("a fact"))
            } else if accept(word: "capped") {
                kind = .notCapped
            } else if accept(word: "undetermined") {
                kind = .undetermined(try name("a rule"), negated: true)
            } else {
                try expect(word: "fired", "after `not`", hint: "write `not fired RULE` or `not missing FACT`")
                kind = .fired(try name("a rule"), negated: true)
            }
        case "advice": kind = .advice(try name("an advice id"), negated: false)
        case "no":
            if accept(word: "due") {
                kind = .noDue
            } else {
                try expect(word: "advice", "after `no`", hint: "write `no advice ADVICE` or `no due`")
                kind = .advice(try name("an advice id"), negated: true)
            }
        case "capped":
            try expect(word: "at", "after `capped`", hint: "write `capped at LEVEL`")
            kind = .capped(try name("a level"))
        case "settled": kind = .settled(true)
        case "provisional": kind = .settled(false)
        case "missing":
            let f = try name("a fact")
            kind = accept(word: "before") ? .missingBefore(f, try name("a fact")) : .missing(f)
        case "undetermined": kind = .undetermined(try name("a rule"), negated: false)
        case "due":
            guard case .dateTime(let d) = current.kind else {
                throw fail(
                    "expected a date-time after `due`, found \(display(current))", hint: "write `due 2019-04-13 16:00`")
            }
            advance()
            kind = .due(d)
        default:  // score
            let s = try name("a score")
            if accept(.compare(.eq)) {
                kind = .scoreEquals(s, try numberLiteral("the expected total"))
            } else if accept(word: "between") {
                let lo = try numberLiteral("the lowest total")
                try expect(word: "and", "in `between A and B`")
                kind = .scoreBetween(s, lo, try numberLiteral("the highest total"))
            } else if accept(word: "is") {
                let test = try rankTest()
                kind = .scoreBand(s, test, try name("a band"))
            } else if accept(word: "not") {
                if accept(word: "applicable") {
                    kind = .scoreStatus(s, .notApplicable)
                } else {
                    try expect(
                        word: "started", "after `not`",
                        hint: "write `score dash not started` or `score cce not applicable`")
                    kind = .scoreStatus(s, .notStarted)
                }
            } else if accept(word: "incomplete") {
                kind = .scoreStatus(s, .incomplete)
            } else if accept(word: "complete") {
                kind = .scoreStatus(s, .complete)
            } else if accept(word: "unsettled") {
                kind = .scoreSettled(s, false)
            } else if accept(word: "settled") {
                kind = .scoreSettled(s, true)
            } else {
                throw fail(
                    "expected `=`, `between`, `is`, `not started`, `incomplete`, `complete`, `settled` or `unsettled` after the score's name, found \(display(current))",
                    hint:
                        "write `score cce = 7`, `score cce between 5 and 9`, `score cce is low` or `score dash not started`"
                )
            }
        }
        return Expectation(kind: kind, span: spanFrom(start))
    }

    /// After `outcome`: nothing, `at least` or `at most`.
    mutating func outcomeTest() throws -> RankTest {
        guard current.isWord("at") else { return .exactly }
        advance()
        if accept(word: "least") { return .atLeast }
        if accept(word: "most") { return .atMost }
        throw fail("expected `least` or `most` after `at`, found \(display(current))")
    }
}
